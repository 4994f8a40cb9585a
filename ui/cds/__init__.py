"""The «Chuyển đổi số» page (issue 16): the yearly self-assessment, the comparison of the
years and the year's task checklist, on the services of ``app.cds`` (decision 038)."""
