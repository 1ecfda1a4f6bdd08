/**
 * Starts the player on a package page: finds the `<ict-course>` in the page (or adds one that loads
 * `course.json`), gives it the tracker factory of this package's format, and lets it set the page's language,
 * direction and title. Called once by each entry point (`src/entries/<format>.ts`).
 */
import type {TrackerFactory} from '../tracking/tracker.js';
import {IctCourse} from './ict-course/ict-course.js';

export {IctCourse};
export * from './events.js';

export function boot(factory: TrackerFactory, doc: Document = document): IctCourse {
  let el = doc.querySelector('ict-course');
  if (!el) {
    el = doc.createElement('ict-course');
    el.setAttribute('src', 'course.json');
    doc.body.append(el);
  }
  el.ownsDocument = true;
  el.setAttribute('data-page', '');
  // The page is the course's: no frame of default margin around it (set through the CSSOM: no inline style).
  doc.body.style.margin = '0';
  if (!el.trackerFactory) el.trackerFactory = factory;
  return el;
}
