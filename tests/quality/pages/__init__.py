"""Real-page development sets: indexes and scripts in git, third-party text in cache/."""
