"""The newsroom's plain-text article format: parse it, import it, write it back.

``parsing`` turns a file into a ``ParsedArticle`` (or an ``ArticleFormatError`` naming
the file and line), ``analysis`` finds who and what the text names, ``importing``
plans and applies the changes in one transaction per file, and ``exporting`` writes
articles back in the same format and as JSON Lines.
"""
