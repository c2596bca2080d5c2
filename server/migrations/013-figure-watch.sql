-- The watched figures' marks (issue 16; server/figure-watch.ts): when each organization's egress was
-- last checked against its warning thresholds (the start of a simulated hour) and its recommendations
-- against people's amounts (the start of a UTC day). Kept apart from the organization's state, so the
-- checks run outside its lock and moving a mark never conflicts with a write. anchor_ms is the world
-- the marks belong to: a reset world (another anchor) starts again from its own anchor.
CREATE TABLE figure_watch (
  org_id                 text PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  anchor_ms              bigint NOT NULL,
  egress_hour_ms         bigint NOT NULL,
  recommendation_day_ms  bigint NOT NULL
);
