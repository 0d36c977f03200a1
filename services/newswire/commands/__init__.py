"""What each CLI subcommand does, once its arguments are parsed."""
