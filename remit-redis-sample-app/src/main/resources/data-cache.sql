MERGE INTO client (id, name, country, kyc_status) KEY (id) VALUES
  (1001, 'Amara Okafor', 'GB', 'PENDING'),
  (1002, 'Juan dela Cruz', 'PH', 'VERIFIED'),
  (1003, 'Wanjiku Kamau', 'KE', 'VERIFIED');
MERGE INTO account (id, client_id, currency, balance) KEY (id) VALUES
  ('GB-1001-GBP', 1001, 'GBP', 2500.0000),
  ('PH-1002-PHP', 1002, 'PHP', 120000.0000),
  ('KE-1003-KES', 1003, 'KES', 98000.0000);
MERGE INTO exchange_rate (from_currency, to_currency, rate) KEY (from_currency, to_currency) VALUES
  ('GBP', 'KES', 164.25000000),
  ('GBP', 'PHP', 71.10000000),
  ('USD', 'EUR', 0.92000000);
MERGE INTO country (code, name, currency) KEY (code) VALUES
  ('GB', 'United Kingdom', 'GBP'),
  ('KE', 'Kenya', 'KES'),
  ('PH', 'Philippines', 'PHP');
