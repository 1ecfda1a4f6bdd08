/**
 * The course compiler (Node only): course sources (docs/authoring.md) -> a validated CompiledCourse, with every
 * problem reported by file:line:column. It returns data and writes nothing.
 */
export {compileAll, compileCourse, STATE_LIMIT, type CompileAllResult, type CompileResult} from './course.js';
export {formatProblem, type Problem, type ProblemCode} from './problems.js';
export {sanitize, SANITIZE_OPTIONS} from './html.js';
