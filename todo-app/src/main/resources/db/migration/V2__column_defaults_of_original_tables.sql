-- A table the original service made (SQLAlchemy's create_all) lacks these defaults, which SQLAlchemy
-- applied in the client; our INSERT relies on them. V1's own defaults: a no-op on a table V1 made.
ALTER TABLE todos
    ALTER COLUMN completed  SET DEFAULT false,
    ALTER COLUMN created_at SET DEFAULT (now() AT TIME ZONE 'utc'),
    ALTER COLUMN updated_at SET DEFAULT (now() AT TIME ZONE 'utc');
