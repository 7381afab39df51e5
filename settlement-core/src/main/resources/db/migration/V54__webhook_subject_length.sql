-- A webhook subject is an order id or "user:" + the partner's user reference, and a reference may be 128 characters:
-- 133 in all. The column held 128, so the longest references could never have their KYC level raised.
ALTER TABLE webhook_delivery ALTER COLUMN subject_id SET DATA TYPE VARCHAR(160);
