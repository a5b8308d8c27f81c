"""The person's profile: model and storage. Pure Python; never imports Textual."""
