"""The home page's figures per role (``app.home``): tiles that open the list behind them."""
