"""The examples every rule carries: small reports it must flag and near misses it must pass, one module
per rule family, built from the shapes the parser produces (`build`) and a few shared scenarios
(`scenarios`). The rule decorator takes them (`examples=`); `tests/checks/test_rule_examples.py` runs
every one and fails for a rule without both."""
