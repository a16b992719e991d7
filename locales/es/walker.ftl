# Páginas para paseadores. Cada mensaje de ../en/walker.ftl debe estar aquí también
# (tests/catalogues.rs falla si falta alguno). La consola de operadores sigue en inglés.

## El marco de cada página

skip-to-content = Saltar al contenido
nav-main = Principal
nav-status = Mi estado
nav-operators = Operadores
footer = PawPass verifica la identidad de cada paseador con Persona antes de su primer paseo.
language-switch = Idioma

## No encontrada

not-found-title = No encontrada
not-found-heading = No encontramos esa página
not-found-body = Puede que el enlace sea antiguo.
not-found-link = Ir al inicio

## Inicio

home-title = Pasea perros con nosotros
home-heading = Pasea perros. Gana dinero. Inspira confianza.
home-lead = Los dueños te confían sus llaves y a su mejor amigo, por eso cada paseador de PawPass verifica primero su identidad. Toma unos cinco minutos.
home-start = Quiero ser paseador
home-returning = ¿Ya te registraste?
home-returning-link = Consulta tu verificación

## Registro

signup-title = Quiero ser paseador
signup-heading = Hazte paseador de PawPass
signup-lead = Cuéntanos quién eres. Después, nuestro socio de verificación Persona revisa tu identificación; completamos lo que escribas aquí para que no tengas que escribirlo dos veces.
field-first-name = Nombre
field-last-name = Apellido
field-email = Correo electrónico
field-birthdate = Fecha de nacimiento
field-birthdate-hint = Debes tener 18 años o más.
field-phone = Teléfono (opcional)
field-phone-hint = Con el código de tu país, por ejemplo +14155550123.
signup-submit = Continuar a la verificación
error-summary-title = Hay un problema

problem-name-missing = Escribe este nombre.
problem-name-too-long = Usa menos de 100 caracteres.
problem-name-characters = Este nombre tiene caracteres que no podemos aceptar.
problem-email-missing = Escribe tu correo electrónico.
problem-email-too-long = Este correo electrónico es demasiado largo.
problem-email-no-at = Un correo electrónico lleva @, por ejemplo nombre@example.com.
problem-email-shape = Esto no parece un correo electrónico, por ejemplo nombre@example.com.
problem-birthdate-missing = Escribe tu fecha de nacimiento.
problem-birthdate-shape = Escribe la fecha como AAAA-MM-DD, por ejemplo 1990-04-23.
problem-birthdate-no-such-day = Esa fecha no existe; revisa el día y el mes.
problem-birthdate-future = Tu fecha de nacimiento no puede estar en el futuro.
problem-birthdate-underage = Debes tener al menos 18 años para pasear perros con PawPass.
problem-birthdate-year = Revisa el año de tu fecha de nacimiento.
problem-phone-country-code = Empieza con + y el código de tu país, por ejemplo +14155550123.
problem-phone-digits = Después del + un teléfono solo puede tener dígitos.
problem-phone-length = Este número no tiene la longitud de un número internacional.

## Preparando (Persona tarda o no responde)

preparing-title = Preparando tu verificación
preparing-working = En proceso
preparing-heading = Preparando tu verificación
preparing-body = Guardamos tus datos. Nuestro socio de verificación está tardando en responder; esta página avanza sola en cuanto tu verificación esté lista.
preparing-check-now = Volver a comprobar
preparing-ready = Tu verificación está lista. Te llevamos ahora.

## Estado

status-title = Tu verificación
status-label = Estado:
status-greeting = Hola, { $name }:
status-read-failed = No pudimos leer tu estado en este momento. Inténtalo de nuevo.
status-changed = Tu estado cambió. Te lo mostramos ahora.
status-not_started = Sin empezar
status-created = Lista para empezar
status-pending = En curso
status-completed = En revisión automática
status-needs_review = En revisión
status-approved = Aprobada
status-declined = Rechazada
status-failed = No superada
status-expired = Vencida
status-unknown = En comprobación

status-approved-heading = Estás verificado. ¡Bienvenido a la manada!
status-approved-body = Tu verificación de identidad fue aprobada. Ya puedes aceptar paseos.
status-reviewing-heading = ¡Gracias! Estamos revisando tu verificación
status-reviewing-body = Suele tardar un momento; esta página se actualiza sola.
status-pending-heading = Tu verificación está en curso
status-pending-body = Si cerraste la página de Persona antes de terminar, continúa donde lo dejaste.
status-unfinished-heading = Tu verificación aún no está terminada
status-unfinished-body = Retómala donde la dejaste; toma unos cinco minutos.
status-not-started-heading = Preparando tu verificación
status-not-started-body = Guardamos tu registro. Estamos preparando tu verificación; esta página se actualiza sola.
status-failed-heading = No pudimos verificar tu identidad
status-failed-body = La verificación no se superó esta vez, a menudo por una foto borrosa o por falta de tiempo. Puedes intentarlo de nuevo.
status-declined-heading = Tu solicitud fue rechazada
status-declined-body = Tras revisarla, no podemos aceptar esta solicitud. Escribe a soporte para saber más.
status-unknown-heading = Estamos comprobando tu verificación
status-unknown-body = Tu estado aparecerá aquí en breve.
status-returned-note = ¿Acabas de terminar con Persona? Tu resultado aparecerá aquí en un momento; esta página se actualiza sola.
action-continue-verification = Continuar la verificación
action-continue = Continuar
action-try-again = Intentar de nuevo

status-no-walker = Este navegador no tiene una sesión de paseador. Si ya te registraste, te enviaremos por correo un enlace para continuar donde lo dejaste.
status-new-here = ¿Eres nuevo?
status-new-here-body = Regístrate como paseador para empezar tu verificación de identidad.

## Continuar por correo

link-email-label = Correo electrónico con el que te registraste
link-email-me = Enviarme un enlace
link-send-new = Enviarme un enlace nuevo
link-sent-title = Revisa tu correo
link-sent-status = Enlace en camino
link-sent-heading = Revisa tu correo
link-sent-registered = Ese correo electrónico ya está registrado en PawPass. Para que cada verificación sea solo de su paseador, enviamos a esa dirección un enlace para continuar.
link-sent-maybe = Si esa dirección pertenece a un paseador de PawPass, le enviamos un enlace para continuar su verificación.
link-sent-lifetime = El enlace funciona una vez, durante 30 minutos. Puede tardar un minuto en llegar; revisa también la carpeta de spam.
link-back-to-status = Volver a mi estado
link-bad-email = Eso no parece un correo electrónico. Vuelve atrás y escribe la dirección con la que te registraste.
continue-title = Continúa tu verificación
continue-heading = Continúa tu verificación
continue-body = Este enlace inicia sesión en este navegador con tu cuenta y te lleva de vuelta a tu verificación, donde la dejaste. Funciona una vez.
continue-button = Continuar mi verificación
continue-check-failed = No pudimos comprobar tu enlace en este momento. Inténtalo de nuevo.
dead-link-heading = Este enlace ya no funciona
dead-link-body = Los enlaces para continuar funcionan una vez, durante 30 minutos. Escribe tu correo y te enviaremos uno nuevo.

## Páginas sencillas para errores

error-back-to-start = Volver al inicio
error-internal = Algo salió mal de nuestro lado. Inténtalo de nuevo.
error-reload = Algo salió mal. Vuelve a cargar la página.
error-persona-unavailable = Nuestro socio de verificación no responde en este momento. Tu registro está guardado; inténtalo de nuevo en un minuto.
error-bad-form = No pudimos leer el formulario. Vuelve atrás e inténtalo de nuevo.
error-too-large = Eso es mucho más de lo que admite este formulario.
error-slow-body = El formulario tardó demasiado en llegar. Inténtalo de nuevo.
error-sign-in = Primero inicia sesión.
error-not-found = No encontramos eso.
error-form-expired = Este formulario venció o se envió desde otro sitio. Vuelve atrás, recarga la página e inténtalo de nuevo.
error-rate-limited =
    { $count ->
        [one] Demasiados intentos desde tu conexión. Inténtalo de nuevo en 1 minuto.
       *[other] Demasiados intentos desde tu conexión. Inténtalo de nuevo en { $count } minutos.
    }
