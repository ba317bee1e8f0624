"""The domain: plain data and decisions. Imports no discord, github or openai."""
