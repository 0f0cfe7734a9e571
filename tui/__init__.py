"""newsdesk's terminal interface (Textual). It uses the engine only through ``search.Library``."""
