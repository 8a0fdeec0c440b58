-- Transfers accepted by the teller service; the job queue moves them from ACCEPTED to COMPLETED.
CREATE TABLE IF NOT EXISTS transfer (
  id VARCHAR(64) PRIMARY KEY,
  from_account VARCHAR(34) NOT NULL,
  to_account VARCHAR(34) NOT NULL,
  amount_cents BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  status VARCHAR(16) NOT NULL,
  notified BOOLEAN DEFAULT FALSE NOT NULL,
  compliance VARCHAR(16) DEFAULT 'PENDING' NOT NULL
);
