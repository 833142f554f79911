"""Language-model plumbing: provider choice from settings, prompt files, masking of personal data."""
