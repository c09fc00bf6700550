-- The dispatcher claims due deliveries endpoint by endpoint (a few per endpoint, fairly): find the endpoints with due
-- work, then each one's oldest due deliveries.
CREATE INDEX webhook_delivery_due_by_endpoint ON webhook_delivery (endpoint_id, next_attempt_at) WHERE status = 'pending';
