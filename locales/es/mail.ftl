# Mensajes que los paseadores reciben por correo. Cada mensaje de ../en/mail.ftl debe estar aquí.

mail-greeting = Hola, { $name }:
mail-signature = PawPass, verificación de identidad para paseadores de perros
mail-open-address = O abre esta dirección:

mail-continue-link-subject = Tu enlace para continuar tu verificación en PawPass
mail-continue-link-1 = Aquí tienes tu enlace para continuar la verificación de tu identidad con PawPass. Funciona una vez, durante los próximos 30 minutos.
mail-continue-link-2 = Si no lo pediste, puedes ignorar este mensaje: nada cambia a menos que se abra el enlace.
mail-continue-link-button = Continuar mi verificación

mail-approved-subject = Estás verificado: bienvenido a PawPass
mail-approved-1 = Tu verificación de identidad fue aprobada. Ya puedes empezar a aceptar paseos.
mail-approved-2 = Gracias por ayudar a que cada perro y su gente estén seguros.
mail-approved-button = Ver mi estado

mail-declined-subject = Sobre tu solicitud en PawPass
mail-declined-1 = Tras revisar tu verificación de identidad, no podemos aceptar tu solicitud para pasear con PawPass. Es una decisión sobre la solicitud, así que un nuevo intento no la cambiaría.
mail-declined-2 = Si crees que es un error, responde a este mensaje y nuestro equipo de soporte lo revisará contigo.
mail-declined-button = Ver mi estado

mail-failed-subject = Tu verificación no se completó: puedes intentarlo de nuevo
mail-failed-1 = Tu verificación de identidad no se pudo completar, a menudo por una foto borrosa o por falta de tiempo. Puedes empezar un nuevo intento; toma unos cinco minutos.
mail-failed-2 = El enlace funciona una vez, durante los próximos 30 minutos. Si ya venció, pide uno nuevo en la página de estado.
mail-failed-button = Intentar de nuevo

mail-expired-subject = Tu verificación en PawPass te está esperando
mail-expired-1 = Tu verificación de identidad no se terminó a tiempo, así que quedó en pausa. Puedes retomarla donde la dejaste.
mail-expired-2 = El enlace funciona una vez, durante los próximos 30 minutos. Si ya venció, pide uno nuevo en la página de estado.
mail-expired-button = Continuar mi verificación

mail-in-review-subject = Estamos revisando tu verificación en PawPass
mail-in-review-1 = Gracias por completar tu verificación de identidad. Una persona de nuestro equipo la está revisando; suele tardar menos de un día laborable.
mail-in-review-2 = Te escribiremos en cuanto haya una decisión; no necesitas hacer nada.
mail-in-review-button = Ver mi estado
