"""The facilitator home: start, adapt and look back without a terminal (a Voila page for the
server's admin; see ``huddle.server.signin`` for how a browser signs in)."""
