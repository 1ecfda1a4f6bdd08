// What the learner reads when saving or the launch goes wrong, in French. See en-messages.ts.
import type {Messages, OfflineStrings} from './en-messages.js';

const frMessages: Messages = {
  'no-lms':
    'La plateforme de formation est injoignable : votre progression est enregistrée sur cet appareil uniquement et ne figurera pas dans votre dossier de formation. Pour qu’elle y figure, rouvrez le cours depuis la plateforme.',
  'storage-unavailable':
    'Ce navigateur ne permet pas au cours d’enregistrer votre progression : elle sera perdue à la fermeture de cette fenêtre. Quittez la navigation privée ou autorisez les données de ce site, puis rouvrez le cours.',
  'quota-exceeded':
    'L’espace de stockage de cet appareil est plein : votre progression n’est pas conservée. Libérez de l’espace, puis continuez.',
  'commit-refused':
    'La plateforme de formation n’a pas accepté votre progression. Gardez cette fenêtre ouverte et continuez ; si le message persiste, contactez l’administrateur de votre plateforme de formation.',
  'credentials-expired':
    'Votre connexion au dossier de formation a expiré : votre progression ne peut pas être envoyée. Elle est conservée sur cet appareil ; fermez le cours et rouvrez-le depuis la plateforme pour l’envoyer.',
  'statement-rejected':
    'Le dossier de formation a refusé une partie de votre progression. Vous pouvez poursuivre le cours ; signalez-le à l’administrateur de votre plateforme afin qu’il vérifie votre dossier.',
  'session-ended':
    'Cette session du cours est terminée. Pour continuer, rouvrez le cours depuis votre plateforme de formation.',
  'state-too-large':
    'Votre position dans le cours dépasse ce que cette plateforme peut conserver : elle est enregistrée sur cet appareil uniquement. Vous pouvez continuer ici ; signalez-le à l’administrateur de votre plateforme afin que le cours soit corrigé.',
  'state-unreadable':
    'Votre position enregistrée n’a pas pu être lue sur la plateforme : le cours reprend à partir de la copie de cet appareil, ou du début. Vérifiez où vous en êtes dans le sommaire, puis continuez.',
  'missing-parameter':
    'Le cours a été ouvert sans une information dont il a besoin (« {parameter} » manque dans son adresse). Fermez-le et rouvrez-le depuis votre plateforme de formation ; si cela ne suffit pas, prévenez l’administrateur de la plateforme.',
  'malformed-parameter':
    'La plateforme a ouvert le cours avec une information inutilisable (« {parameter} » n’est pas valide dans son adresse). Fermez-le et rouvrez-le depuis votre plateforme de formation ; si cela ne suffit pas, prévenez l’administrateur de la plateforme.',
  'fetch-refused':
    'La plateforme de formation a refusé d’ouvrir cette session : le lien utilisé a sans doute déjà servi. Fermez le cours et rouvrez-le depuis votre plateforme.',
  'lms-unreachable':
    'La plateforme de formation est injoignable : le cours ne peut pas démarrer. Vérifiez votre connexion, puis rouvrez le cours depuis la plateforme.',
  'launch-data':
    'La plateforme de formation n’a pas transmis au cours les réglages nécessaires à son démarrage. Rouvrez le cours depuis la plateforme ; si cela ne suffit pas, prévenez son administrateur.',
};

export const offline: OfflineStrings = {
  offlineMake: 'Rendre disponible hors ligne',
  offlineSize: 'Téléchargement : {size}',
  offlineInstalling: 'Enregistrement du cours pour une utilisation hors ligne : {done} fichiers sur {total}',
  offlineReady: 'Disponible hors ligne sur cet appareil.',
  offlineRemove: 'Supprimer la copie hors ligne',
  offlineUpdate:
    'Une nouvelle version de ce cours est prête. Elle s’ouvrira à votre prochaine étape en dehors de l’évaluation, ou à la prochaine ouverture du cours.',
  offlineUpdateNextLaunch:
    'Une nouvelle version de ce cours est prête. Elle s’ouvrira à la prochaine ouverture du cours.',
  offlineUpdated: 'Ce cours a été mis à jour vers sa dernière version.',
  offlineUnavailable:
    'Ce cours ne peut pas être enregistré ici pour une utilisation hors ligne. Il reste utilisable tant que vous êtes en ligne.',
  offlineFromFile:
    'Ouvert à partir d’un fichier, ce cours ne peut pas être enregistré pour une utilisation hors ligne ; il fonctionne depuis le fichier, et votre progression est conservée sur cet appareil.',
};

export default frMessages;
