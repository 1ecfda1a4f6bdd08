// The packager: course x format -> built player + manifest + deterministic zip; schema validation; release.json.
export {
  FORMATS,
  FORMAT_NAME,
  MANIFEST_FILE,
  isFormat,
  isScormFormat,
  playerFormat,
  type Format,
  type ScormFormat,
} from './formats.js';
export {EXIT, PackageError, type ExitCode, type PackageErrorCode} from './errors.js';
export {
  buildPlayer,
  buildServiceWorker,
  DEFAULT_PAGE,
  pageFor,
  type BuildPlayerOptions,
  type Player,
} from './player.js';
export {
  assemblePackage,
  COURSE_FILE,
  courseOfPackage,
  isSafePackagePath,
  OFFLINE_INFO_FILE,
  pageForCourse,
  type AssembleOptions,
} from './assemble.js';
export {pageWithWebApp, WEB_MANIFEST_FILE, webAppFiles} from './web-app.js';
export {
  cmi5Xml,
  identifiers,
  LAUNCH_FILE,
  manifestFor,
  MOVE_ON,
  moveOnOf,
  scorm12Manifest,
  scorm2004Manifest,
  tincanXml,
} from './manifests.js';
export {SERVICE_WORKER_FILE, serviceWorkerFor} from './service-worker.js';
export {
  checkWellFormed,
  packagedSchemaFiles,
  validateAgainstSchema,
  type SchemaSet,
  type XmlProblem,
} from './validate-xml.js';
export {unzipFiles, ZIP_TIME, zipFiles} from './zip.js';
