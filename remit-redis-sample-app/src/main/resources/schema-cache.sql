CREATE TABLE IF NOT EXISTS client (
  id BIGINT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  country CHAR(2) NOT NULL,
  kyc_status VARCHAR(16) NOT NULL
);
CREATE TABLE IF NOT EXISTS account (
  id VARCHAR(32) PRIMARY KEY,
  client_id BIGINT NOT NULL REFERENCES client(id),
  currency CHAR(3) NOT NULL,
  balance DECIMAL(19, 4) NOT NULL
);
CREATE TABLE IF NOT EXISTS exchange_rate (
  from_currency CHAR(3) NOT NULL,
  to_currency CHAR(3) NOT NULL,
  rate DECIMAL(19, 8) NOT NULL,
  PRIMARY KEY (from_currency, to_currency)
);
CREATE TABLE IF NOT EXISTS country (
  code CHAR(2) PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  currency CHAR(3) NOT NULL
);
