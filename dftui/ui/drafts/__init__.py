"""What each form holds, as plain data, and the rules that check it before anything is sent.

A draft is what the user typed, kept as text where the user types text, so that a rejected value is
never lost. ``problems()`` says what is wrong per form field, ``body()`` builds the request, and
``from_body()`` reads a request back (the "edit as JSON" round trip). Nothing here imports Textual
(an import contract enforces it), so the rules are unit-tested without a screen.
"""
