MERGE INTO branch (id, name, country) KEY (id) VALUES
  ('LDN-01', 'London Bridge', 'GB'),
  ('NBO-01', 'Nairobi Central', 'KE'),
  ('MNL-01', 'Manila Ermita', 'PH');
