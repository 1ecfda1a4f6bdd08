/** The API methods a SCORM tracker calls (all but GetDiagnostic), by the name of the API object of each edition. */
export const SCORM_CALLS = {
  API: {
    initialize: 'LMSInitialize',
    terminate: 'LMSFinish',
    getValue: 'LMSGetValue',
    setValue: 'LMSSetValue',
    commit: 'LMSCommit',
    getLastError: 'LMSGetLastError',
    getErrorString: 'LMSGetErrorString',
  },
  API_1484_11: {
    initialize: 'Initialize',
    terminate: 'Terminate',
    getValue: 'GetValue',
    setValue: 'SetValue',
    commit: 'Commit',
    getLastError: 'GetLastError',
    getErrorString: 'GetErrorString',
  },
} as const;

export type ScormApiName = keyof typeof SCORM_CALLS;
