-- Failed sign-ins, for the sign-in rate limit (server/sign-in-limit.ts): one row per failure,
-- counted by e-mail and by client address over a sliding window. Kept here, not in memory, so
-- every instance behind the load balancer counts the same failures and a restart forgets none.
-- Rows older than the window are useless and deleted as new ones arrive.

CREATE TABLE sign_in_failures (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- SHA-256 (base64url) of the e-mail as typed, lower-cased; known or not, it counts the same.
  -- Only the hash: people paste passwords into the e-mail field too.
  email_hash text NOT NULL,
  -- The client's address (an IPv6 client's /64), to see a spray across many e-mails.
  address    text NOT NULL,
  at_ms      bigint NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email_hash, at_ms);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at_ms);
-- The pruning's range scan.
CREATE INDEX sign_in_failures_at ON sign_in_failures (at_ms);
