-- The language a walker reads PawPass in (`en`, `es`): their mail and Persona's Hosted Flow use
-- it. Chosen at signup from the page's language, changed by the language switch. Walkers from
-- before it get English, the only language there was.
ALTER TABLE walkers ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
