/**
 * The sample learners of the preview LMS: managers at duty stations of the UN system, each with the identifiers
 * every standard needs (SCORM `cmi.core.student_id` / `cmi.learner_id`, the xAPI actor's account) and a preferred
 * language the catalogue picks by default.
 */
import type {Lang} from '../course/types.js';

export interface SampleLearner {
  /** a SCORM CMIIdentifier and the xAPI account name: no spaces */
  id: string;
  /** as people write it */
  name: string;
  /** SCORM 1.2 convention `Family, Given` for `cmi.core.student_name` */
  scormName: string;
  dutyStation: string;
  organization: string;
  language: Lang;
}

/** The account home page of the preview's learners (xAPI `actor.account.homePage`). */
export const LEARNER_HOME_PAGE = 'https://lms.preview.ict-manager-training.example';

/** The preview's learners; the first, an English reader, is the one a catalogue opened without a choice shows. */
export const SAMPLE_LEARNERS: readonly SampleLearner[] = [
  {
    id: 'grace.otieno',
    name: 'Grace Otieno',
    scormName: 'Otieno, Grace',
    dutyStation: 'Nairobi',
    organization: 'UNEP',
    language: 'en',
  },
  {
    id: 'amina.diallo',
    name: 'Amina Diallo',
    scormName: 'Diallo, Amina',
    dutyStation: 'Dakar',
    organization: 'WFP',
    language: 'fr',
  },
  {
    id: 'carlos.mendoza',
    name: 'Carlos Mendoza',
    scormName: 'Mendoza, Carlos',
    dutyStation: 'Santiago',
    organization: 'ECLAC',
    language: 'es',
  },
  {id: 'li.wei', name: 'Li Wei', scormName: 'Li, Wei', dutyStation: 'Bangkok', organization: 'ESCAP', language: 'zh'},
  {
    id: 'olga.petrova',
    name: 'Olga Petrova',
    scormName: 'Petrova, Olga',
    dutyStation: 'Geneva',
    organization: 'ITU',
    language: 'ru',
  },
  {
    id: 'youssef.haddad',
    name: 'Youssef Haddad',
    scormName: 'Haddad, Youssef',
    dutyStation: 'Beirut',
    organization: 'ESCWA',
    language: 'ar',
  },
];

export function findLearner(id: string | null | undefined): SampleLearner | undefined {
  return SAMPLE_LEARNERS.find((l) => l.id === id);
}

/** The learner as an xAPI Agent. */
export function actorOf(l: SampleLearner): {
  objectType: 'Agent';
  name: string;
  account: {homePage: string; name: string};
} {
  return {objectType: 'Agent', name: l.name, account: {homePage: LEARNER_HOME_PAGE, name: l.id}};
}
