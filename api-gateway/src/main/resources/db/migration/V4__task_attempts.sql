-- How many deliveries of a task's command started work (issue 8: hand-backs and crashes are visible).
alter table tasks add column attempts integer not null default 0;
