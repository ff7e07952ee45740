-- recorded_effects served only the runtime's tests (the RecordEffect test activity), which now create it themselves.
DROP TABLE IF EXISTS recorded_effects;
