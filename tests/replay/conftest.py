"""Client-versus-sandbox tests: cassette replay (no server) and live runs; helpers sit next to this file."""
