"""Evaluation against gold data (see EVAL.md): ``run_eval`` reads gold JSON Lines files and
dispatches each record's ``task`` to its evaluator; ``print_tables`` prints one table per file."""

from sitreps.evaluate.runner import print_tables, read_jsonl, run_eval, strip_details

__all__ = ["print_tables", "read_jsonl", "run_eval", "strip_details"]
