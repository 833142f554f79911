"""The structure builder's parts: each reads one kind of thing out of the blocks (`report_reader` the
paragraphs, `goal_tree` the outline, `tables` and its readers the tables, `facts` what the report is);
`vbassist.parsing.builder` cuts a document into units and runs them."""
