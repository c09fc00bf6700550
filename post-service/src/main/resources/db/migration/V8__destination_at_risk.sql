-- The preflight flags a scheduled destination at risk (post.at_risk) shortly before it is due, once, with why.
ALTER TABLE destination ADD COLUMN at_risk_code TEXT;
ALTER TABLE destination ADD COLUMN at_risk_message TEXT;
ALTER TABLE destination ADD COLUMN at_risk_at TIMESTAMPTZ;
