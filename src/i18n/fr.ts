// Les textes de l'interface en français.
import type {Strings} from './en.js';

export default {
  skip: 'Aller à la leçon',
  loading: 'Chargement du cours…',
  contents: 'Sommaire',
  progress: 'Progression dans le cours',
  progressValue: '{percent} effectués',
  visited: 'consultée',
  estimated: 'Durée estimée : {duration}',
  about: 'À propos de ce cours',
  audience: 'Public',
  objectives: 'À la fin de ce cours, vous serez en mesure de',
  start: 'Commencer le cours',
  resume: 'Reprendre là où vous vous êtes arrêté',
  lessonOf: 'Leçon {n} sur {total}',
  table: 'Tableau {n}',
  previous: 'Précédent',
  next: 'Suivant',
  modeNotice:
    "Mode consultation : vous pouvez parcourir le cours et vos résultats antérieurs. Rien n'est enregistré, et l'évaluation ne peut pas être reprise.",
  browseNotice:
    "Mode découverte : vous pouvez parcourir le cours et essayer l'évaluation, mais vos réponses et vos résultats ne sont pas enregistrés.",
  reviewNoAttempt:
    "En mode consultation, l'évaluation ne peut pas être passée. Vos résultats antérieurs sont présentés tels que votre plateforme d'apprentissage les conserve.",
  waivedNotice:
    "Votre plateforme d'apprentissage enregistre ce cours comme accompli pour vous (dispense). Vous pouvez encore le parcourir : rien de ce que vous y faites ne modifie cet enregistrement.",
  laterNotice: 'Votre plateforme d’apprentissage conserve votre progression plus loin que cette page.',

  assessment: 'Évaluation',

  results: 'Résultats',
  finishCourse: 'Accéder à votre certificat',

  complete: 'Cours terminé',

  statusConnecting: 'Connexion…',
  statusSaved: 'Progression enregistrée',
  statusSaving: 'Enregistrement…',
  statusPending: 'Modifications en attente d’envoi : {n}',
  statusOffline:
    'Hors ligne : votre progression est conservée sur cet appareil et sera envoyée au retour de la connexion.',
  statusNotSaved: 'Votre progression n’est pas enregistrée sur cette page.',
  statusLocal: 'Votre progression est enregistrée sur cet appareil uniquement.',
  statusError:
    'Votre progression n’a pas pu être enregistrée. Gardez cette fenêtre ouverte, vérifiez votre connexion et réessayez. Si le problème persiste, contactez l’administrateur de votre plateforme de formation.',
  netOffline: 'Vous êtes hors ligne. Vous pouvez continuer à travailler.',
  netOnline: 'La connexion est rétablie.',

  errorTitle: 'Le cours n’a pas pu être ouvert',
  errorMissing:
    'Le fichier du cours est introuvable. Demandez à l’administrateur de votre plateforme de formation de vérifier que le cours a été installé en entier.',
  errorBroken:
    'Le fichier du cours est endommagé ou d’une version incompatible. Demandez à l’administrateur de votre plateforme de formation de réinstaller le cours.',
  errorNetwork: 'Le cours n’a pas pu être téléchargé. Vérifiez votre connexion, puis réessayez.',
  errorTracker:
    'Le cours n’a pas pu se connecter à la plateforme de formation. Fermez-le et rouvrez-le depuis la plateforme.',
  tryAgain: 'Réessayer',
  errorCode: 'Code d’erreur : {code}',
} satisfies Strings;
