-- Hangfire (schema "hangfire") replaces Quartz as the alarm clock of timers and the runner of periodic jobs.
-- Timer bookmarks were always the truth: a waiting timer whose Quartz trigger disappears here is fired by the
-- Hangfire sweep (an alarm scheduled at start for every waiting timer, and the recurring backstop sweep).
DROP TABLE IF EXISTS qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_scheduler_state, qrtz_locks,
    qrtz_simple_triggers, qrtz_simprop_triggers, qrtz_cron_triggers, qrtz_blob_triggers, qrtz_triggers,
    qrtz_job_details, qrtz_calendars CASCADE;
