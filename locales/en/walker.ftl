# Walker-facing pages. Every message here must also be in ../es/walker.ftl
# (tests/catalogues.rs fails otherwise). The operators' console stays English and is not here.

## The frame around every page

skip-to-content = Skip to content
nav-main = Main
nav-status = My status
nav-operators = Operators
footer = PawPass verifies every walker's identity with Persona before their first walk.
language-switch = Language

## Not found

not-found-title = Not found
not-found-heading = We couldn't find that page
not-found-body = The link may be old.
not-found-link = Go to the start

## Home

home-title = Walk dogs with us
home-heading = Walk dogs. Get paid. Be trusted.
home-lead = Owners hand you their keys and their best friend, so every PawPass walker verifies their identity first. It takes about five minutes.
home-start = Become a walker
home-returning = Already signed up?
home-returning-link = Check your verification

## Signup

signup-title = Become a walker
signup-heading = Become a PawPass walker
signup-lead = Tell us who you are. Next, our verification partner Persona checks your ID; we fill in what you type here so you don't have to type it twice.
field-first-name = First name
field-last-name = Last name
field-email = Email
field-birthdate = Date of birth
field-birthdate-hint = You must be 18 or older.
field-phone = Phone (optional)
field-phone-hint = With your country code, like +14155550123.
signup-submit = Continue to ID check
error-summary-title = There is a problem

problem-name-missing = Please enter this name.
problem-name-too-long = Please keep this under 100 characters.
problem-name-characters = This name contains characters we can't accept.
problem-email-missing = Please enter your email address.
problem-email-too-long = This email address is too long.
problem-email-no-at = An email address needs an @, like name@example.com.
problem-email-shape = This doesn't look like an email address, like name@example.com.
problem-birthdate-missing = Please enter your date of birth.
problem-birthdate-shape = Please write the date as YYYY-MM-DD, like 1990-04-23.
problem-birthdate-no-such-day = That date doesn't exist; please check the day and month.
problem-birthdate-future = Your date of birth can't be in the future.
problem-birthdate-underage = You must be at least 18 years old to walk dogs with PawPass.
problem-birthdate-year = Please check the year of your date of birth.
problem-phone-country-code = Please start with + and your country code, like +14155550123.
problem-phone-digits = A phone number may contain only digits after the +.
problem-phone-length = This phone number has the wrong length for an international number.

## Preparing (Persona is slow or down)

preparing-title = Preparing your verification
preparing-working = Working on it
preparing-heading = Preparing your verification
preparing-body = We've saved your details. Our verification partner is taking a moment to answer; this page moves on by itself as soon as your ID check is ready.
preparing-check-now = Check again now
preparing-ready = Your ID check is ready. Taking you there now.

## Status

status-title = Your verification
status-label = Status:
status-greeting = Hi { $name },
status-read-failed = We couldn't read your status just now. Please try again.
status-changed = Your status has changed. Showing it now.
status-not_started = Not started
status-created = Ready to start
status-pending = In progress
status-completed = Checking
status-needs_review = In review
status-approved = Approved
status-declined = Declined
status-failed = Failed
status-expired = Expired
status-unknown = Being checked

status-approved-heading = You're verified. Welcome to the pack!
status-approved-body = Your identity check passed. You can now accept walks.
status-reviewing-heading = Thanks! We're reviewing your verification
status-reviewing-body = This usually takes a moment; this page updates by itself.
status-pending-heading = Your verification is in progress
status-pending-body = If you closed Persona's page before finishing, continue where you left off.
status-unfinished-heading = Your verification isn't finished yet
status-unfinished-body = Pick up where you left off; it takes about five minutes.
status-not-started-heading = Preparing your verification
status-not-started-body = We've saved your signup. Your ID check is being prepared; this page updates by itself.
status-failed-heading = We couldn't verify your identity
status-failed-body = The ID check did not pass this time, often because of a blurry photo or a timeout. You can try again.
status-declined-heading = Your application was declined
status-declined-body = After review we can't accept this application. Contact support to learn more.
status-unknown-heading = We're checking your verification
status-unknown-body = Your status will appear here shortly.
status-returned-note = Just finished with Persona? Your result shows here in a moment; this page updates by itself.
action-continue-verification = Continue verification
action-continue = Continue
action-try-again = Try again

status-no-walker = This browser isn't signed in as a walker. If you signed up already, we'll email you a link that continues where you left off.
status-new-here = New here?
status-new-here-body = Sign up as a walker to start your identity check.

## Continuing by email

link-email-label = Email you signed up with
link-email-me = Email me a link
link-send-new = Send me a new link
link-sent-title = Check your email
link-sent-status = Link on its way
link-sent-heading = Check your email
link-sent-registered = That email address is already registered with PawPass. To keep each walker's verification their own, we've sent a link to continue to that address instead.
link-sent-maybe = If that address belongs to a PawPass walker, we've sent it a link to continue their verification.
link-sent-lifetime = The link works once, for 30 minutes. It can take a minute to arrive; check your spam folder too.
link-back-to-status = Back to my status
link-bad-email = That doesn't look like an email address. Go back and enter the address you signed up with.
continue-title = Continue your verification
continue-heading = Continue your verification
continue-body = This link signs this browser in as you and takes you back to your ID check, where you left it. It works once.
continue-button = Continue my verification
continue-check-failed = We couldn't check your link just now. Please try again.
dead-link-heading = This link no longer works
dead-link-body = Links to continue work once, for 30 minutes. Enter your email and we'll send you a new one.

## Plain pages for errors

error-back-to-start = Back to the start
error-internal = Something went wrong on our side. Please try again.
error-reload = Something went wrong. Please reload the page.
error-persona-unavailable = Our verification partner isn't answering right now. Your signup is saved; please try again in a minute.
error-bad-form = The form could not be read. Please go back and try again.
error-too-large = That was far more than this form takes.
error-slow-body = The form took too long to arrive. Please try again.
error-sign-in = Please sign in first.
error-not-found = We couldn't find that.
error-form-expired = This form has expired or was sent from another site. Go back, reload the page and try again.
error-rate-limited =
    { $count ->
        [one] Too many attempts from your connection. Please try again in 1 minute.
       *[other] Too many attempts from your connection. Please try again in { $count } minutes.
    }
