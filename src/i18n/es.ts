// Los textos de la interfaz en español.
import type {Strings} from './en.js';

export default {
  skip: 'Ir a la lección',
  loading: 'Cargando el curso…',
  contents: 'Índice',
  progress: 'Avance en el curso',
  progressValue: '{percent} completado',
  visited: 'consultada',
  estimated: 'Duración estimada: {duration}',
  about: 'Acerca de este curso',
  audience: 'Dirigido a',
  objectives: 'Al terminar este curso, podrá',
  start: 'Comenzar el curso',
  resume: 'Continuar donde lo dejó',
  lessonOf: 'Lección {n} de {total}',
  table: 'Tabla {n}',
  previous: 'Anterior',
  next: 'Siguiente',
  modeNotice:
    'Modo de consulta: puede recorrer el curso y sus resultados anteriores. No se registra nada y la evaluación no puede volver a realizarse.',
  browseNotice:
    'Modo de exploración: puede recorrer el curso y probar la evaluación, pero sus respuestas y resultados no se registran.',
  reviewNoAttempt:
    'En modo de consulta no se puede realizar la evaluación. Sus resultados anteriores se muestran tal como los conserva su plataforma de aprendizaje.',
  waivedNotice:
    'Su plataforma de aprendizaje registra este curso como cumplido para usted (dispensa). Puede recorrerlo igualmente: nada de lo que haga aquí cambia ese registro.',
  laterNotice: 'Su plataforma de aprendizaje guarda su avance más allá de esta página.',

  assessment: 'Evaluación',

  results: 'Resultados',
  finishCourse: 'Ir a su certificado',

  complete: 'Curso completado',

  statusConnecting: 'Conectando…',
  statusSaved: 'Todo su avance está guardado',
  statusSaving: 'Guardando…',
  statusPending: 'Cambios pendientes de envío: {n}',
  statusOffline: 'Sin conexión: su avance se conserva en este dispositivo y se enviará cuando vuelva la conexión.',
  statusNotSaved: 'Su avance no se guarda en esta página.',
  statusLocal: 'Su avance se guarda solo en este dispositivo.',
  statusError:
    'No se pudo guardar su avance. Mantenga esta ventana abierta, compruebe su conexión y vuelva a intentarlo. Si el problema continúa, póngase en contacto con el administrador de su plataforma de aprendizaje.',
  netOffline: 'No tiene conexión. Puede seguir trabajando.',
  netOnline: 'Se ha restablecido la conexión.',

  errorTitle: 'No se pudo abrir el curso',
  errorMissing:
    'No se encontró el archivo del curso. Pida al administrador de su plataforma de aprendizaje que compruebe que el curso se instaló completo.',
  errorBroken:
    'El archivo del curso está dañado o es de una versión incompatible. Pida al administrador de su plataforma de aprendizaje que vuelva a instalar el curso.',
  errorNetwork: 'No se pudo descargar el curso. Compruebe su conexión y vuelva a intentarlo.',
  errorTracker:
    'El curso no pudo conectarse a la plataforma de aprendizaje. Ciérrelo y vuelva a abrirlo desde la plataforma.',
  tryAgain: 'Volver a intentarlo',
  errorCode: 'Código de error: {code}',
} satisfies Strings;
