# Messages walkers receive by email. Every message here must also be in ../es/mail.ftl.

mail-greeting = Hi { $name },
mail-signature = PawPass, identity checks for dog walkers
mail-open-address = Or open this address:

mail-continue-link-subject = Your link to continue your PawPass verification
mail-continue-link-1 = Here is your link to continue verifying your identity with PawPass. It works once, for the next 30 minutes.
mail-continue-link-2 = If you didn't ask for it, you can ignore this message: nothing changes unless the link is opened.
mail-continue-link-button = Continue my verification

mail-approved-subject = You're verified: welcome to PawPass
mail-approved-1 = Your identity check passed. You can start accepting walks now.
mail-approved-2 = Thank you for helping keep every dog and its people safe.
mail-approved-button = See my status

mail-declined-subject = About your PawPass application
mail-declined-1 = After reviewing your identity check, we can't accept your application to walk with PawPass. This is a decision about the application, so a new attempt would not change it.
mail-declined-2 = If you think this is a mistake, reply to this message and our support team will look at it with you.
mail-declined-button = See my status

mail-failed-subject = Your ID check didn't go through: you can try again
mail-failed-1 = Your identity check couldn't be completed, often because of a blurry photo or a timeout. You can start a new attempt; it takes about five minutes.
mail-failed-2 = The link works once, for the next 30 minutes. If it has run out, ask for a new one on the status page.
mail-failed-button = Try again

mail-expired-subject = Your PawPass verification is waiting for you
mail-expired-1 = Your identity check wasn't finished in time, so it was paused. You can pick it up where you left off.
mail-expired-2 = The link works once, for the next 30 minutes. If it has run out, ask for a new one on the status page.
mail-expired-button = Continue my verification

mail-in-review-subject = We're reviewing your PawPass verification
mail-in-review-1 = Thanks for completing your identity check. A person on our team is reviewing it, which usually takes less than a working day.
mail-in-review-2 = We'll write again as soon as it is decided; there is nothing you need to do.
mail-in-review-button = See my status
