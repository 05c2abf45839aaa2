"""The server adapter: Voila plus the JSON API in one tornado app."""
