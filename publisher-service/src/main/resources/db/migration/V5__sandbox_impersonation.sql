-- A sandbox account publishes to the sandbox platform while impersonating a real one: its platform column is the
-- impersonated platform (x, instagram, ...) so validation, limits and permalinks are that platform's; this flag says
-- where the posts really go. Accounts of the generic sandbox platform are sandbox accounts too.
ALTER TABLE account ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE account SET sandbox = TRUE WHERE platform = 'sandbox';
