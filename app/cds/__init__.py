"""CĐS self-assessment under QĐ 4725/QĐ-BGDĐT (issue 16): criteria sets as data, the school's
yearly self-assessment, its scoring, evidence files, workflow and outputs (decision 036)."""
