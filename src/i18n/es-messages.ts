// What the learner reads when saving or the launch goes wrong, in Spanish. See en-messages.ts.
import type {Messages, OfflineStrings} from './en-messages.js';

const esMessages: Messages = {
  'no-lms':
    'No se pudo acceder a la plataforma de aprendizaje: su avance se guarda solo en este dispositivo y no figurará en su expediente de formación. Para que quede registrado, vuelva a abrir el curso desde la plataforma.',
  'storage-unavailable':
    'Este navegador no permite que el curso guarde su avance, que se perderá al cerrar esta ventana. Salga de la navegación privada o permita los datos de este sitio y vuelva a abrir el curso.',
  'quota-exceeded':
    'Este dispositivo no tiene espacio de almacenamiento, por lo que su avance no se conserva. Libere espacio y continúe.',
  'commit-refused':
    'La plataforma de aprendizaje no aceptó su avance. Mantenga esta ventana abierta y continúe; si el mensaje no desaparece, póngase en contacto con el administrador de su plataforma de aprendizaje.',
  'credentials-expired':
    'Su conexión con el registro de aprendizaje ha caducado y su avance no puede enviarse. Se conserva en este dispositivo: cierre el curso y vuelva a abrirlo desde la plataforma para enviarlo.',
  'statement-rejected':
    'El registro de aprendizaje rechazó parte de su avance. Puede continuar el curso; informe al administrador de su plataforma para que revise su expediente.',
  'session-ended':
    'Esta sesión del curso ha terminado. Para continuar, vuelva a abrir el curso desde su plataforma de aprendizaje.',
  'state-too-large':
    'Su posición en el curso ocupa más de lo que esta plataforma puede guardar, por lo que se conserva solo en este dispositivo. Puede continuar aquí; informe al administrador de su plataforma para que se corrija el curso.',
  'state-unreadable':
    'No se pudo leer en la plataforma la posición que tenía guardada, así que el curso continúa desde la copia de este dispositivo o desde el principio. Compruebe en el índice dónde se encuentra y continúe.',
  'missing-parameter':
    'El curso se abrió sin un dato que necesita de la plataforma de aprendizaje (falta «{parameter}» en su dirección). Ciérrelo y vuelva a abrirlo desde su plataforma; si no se resuelve, avise al administrador de la plataforma.',
  'malformed-parameter':
    'La plataforma abrió el curso con un dato que no se puede usar («{parameter}» no es válido en su dirección). Ciérrelo y vuelva a abrirlo desde su plataforma; si no se resuelve, avise al administrador de la plataforma.',
  'fetch-refused':
    'La plataforma de aprendizaje se negó a iniciar esta sesión; probablemente el enlace ya se había utilizado. Cierre el curso y vuelva a abrirlo desde su plataforma.',
  'lms-unreachable':
    'No se pudo acceder a la plataforma de aprendizaje para iniciar el curso. Compruebe su conexión y vuelva a abrir el curso desde la plataforma.',
  'launch-data':
    'La plataforma de aprendizaje no proporcionó al curso la configuración que necesita para comenzar. Vuelva a abrir el curso desde la plataforma; si no se resuelve, avise a su administrador.',
};

export const offline: OfflineStrings = {
  offlineMake: 'Disponible sin conexión',
  offlineSize: 'Descarga: {size}',
  offlineInstalling: 'Guardando el curso para usarlo sin conexión: {done} de {total} archivos',
  offlineReady: 'Disponible sin conexión en este dispositivo.',
  offlineRemove: 'Eliminar la copia sin conexión',
  offlineUpdate:
    'Hay una nueva versión de este curso. Se abrirá en su próximo paso fuera de la evaluación o la próxima vez que inicie el curso.',
  offlineUpdateNextLaunch: 'Hay una nueva versión de este curso. Se abrirá la próxima vez que inicie el curso.',
  offlineUpdated: 'Este curso se ha actualizado a su última versión.',
  offlineUnavailable:
    'Aquí no se puede guardar este curso para usarlo sin conexión. Sigue funcionando mientras tenga conexión.',
  offlineFromFile:
    'Abierto desde un archivo, este curso no se puede guardar para usarlo sin conexión; funciona desde el archivo y su progreso se guarda en este dispositivo.',
};

export default esMessages;
