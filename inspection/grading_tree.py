"""Guided grading trees as data: checking a definition, choosing the tree for a product, walking the answers.

A tree is {"start": question id, "questions": {id: {"text", "answers": [answer, …]}}}. Each answer has
a `code` and a `label` and leads either to the `next` question or to a `grade` with the
`disposition` that follows; `require_photo` / `require_serial` say that giving this answer demands
photo evidence or a scanned serial before the disposition can be saved. Nothing here writes.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from returns.choices import ConditionGrade, Disposition

MAX_QUESTIONS = 30


def _answer_problems(qid, answer, questions) -> list[str]:
    where = f"question '{qid}', answer '{answer.get('code', '?')}'"
    problems = []
    if not answer.get("code") or not answer.get("label"):
        problems.append(f"{where}: every answer needs a code and a label")
    if bool(answer.get("next")) == bool(answer.get("grade")):
        problems.append(f"{where}: give either the next question or a grade, not both")
    if answer.get("next") and answer["next"] not in questions:
        problems.append(f"{where}: the next question '{answer['next']}' does not exist")
    if answer.get("grade"):
        if answer["grade"] not in ConditionGrade.values:
            problems.append(f"{where}: '{answer['grade']}' is not a condition grade")
        if answer.get("disposition") not in Disposition.values:
            problems.append(f"{where}: a grade needs a disposition ({', '.join(Disposition.values)})")
        elif answer["disposition"] == Disposition.RESTOCK and answer["grade"] not in ("A", "B"):
            # The rules restock only A and B (inspection.services); a tree must not suggest otherwise.
            problems.append(f"{where}: only grade A or B can lead to restock")
    return problems


def _has_cycle(start, questions) -> bool:
    def visit(qid, trail):
        if qid in trail:
            return True
        return any(visit(a["next"], trail | {qid}) for a in questions[qid]["answers"] if a.get("next") in questions)
    return visit(start, frozenset())


def validate_tree(definition) -> None:
    """Raise ValidationError with every problem of a tree definition (the admin shows them)."""
    if not isinstance(definition, dict) or not isinstance(definition.get("questions"), dict):
        raise ValidationError("A tree is an object with 'start' and 'questions'.")
    questions = definition["questions"]
    problems = []
    if definition.get("start") not in questions:
        problems.append("'start' must name one of the questions")
    if not 0 < len(questions) <= MAX_QUESTIONS:
        problems.append(f"a tree has 1 to {MAX_QUESTIONS} questions")
    for qid, question in questions.items():
        answers = question.get("answers") if isinstance(question, dict) else None
        if not isinstance(question, dict) or not question.get("text") or not isinstance(answers, list) or not answers:
            problems.append(f"question '{qid}': it needs a text and at least one answer")
            continue
        codes = [a.get("code") for a in answers if isinstance(a, dict)]
        if len(codes) != len(answers) or len(set(codes)) != len(codes):
            problems.append(f"question '{qid}': answers must be objects with distinct codes")
            continue
        for answer in answers:
            problems += _answer_problems(qid, answer, questions)
    if not problems and _has_cycle(definition["start"], questions):
        problems.append("the questions must not lead back to an earlier one")
    if problems:
        raise ValidationError(problems)


def tree_for(product):
    """The active tree for a product: its own if it has one, else its category's; None for the flat checklist."""
    from .models import GradingTree

    active = GradingTree.objects.filter(active=True).order_by("-version")
    return active.filter(product=product).first() or active.filter(category_id=product.category_id,
                                                                    product__isnull=True).first()


@dataclass
class Walk:
    """Where a list of answers leads: the open question, or the grade and disposition of the last answer."""

    question_id: str = ""
    question: dict | None = None
    steps: list = field(default_factory=list)  # [(question id, answer dict)]
    grade: str = ""
    disposition: str = ""
    require_photo: bool = False
    require_serial: bool = False

    @property
    def finished(self) -> bool:
        return bool(self.grade)


def find_answer(question, code):
    return next((a for a in question["answers"] if a["code"] == code), None)


def walk(definition, path) -> Walk:
    """Follow `path` ([{"question", "answer"}]) from the start; an answer that no longer fits ends the walk."""
    questions = definition["questions"]
    result = Walk(question_id=definition["start"], question=questions[definition["start"]])
    for step in path or []:
        answer = find_answer(result.question, step.get("answer")) if step.get("question") == result.question_id \
            else None
        if answer is None:
            break
        result.steps.append((result.question_id, answer))
        result.require_photo |= bool(answer.get("require_photo"))
        result.require_serial |= bool(answer.get("require_serial"))
        if answer.get("grade"):
            result.grade, result.disposition = answer["grade"], answer["disposition"]
            result.question_id, result.question = "", None
            break
        result.question_id, result.question = answer["next"], questions[answer["next"]]
    return result


def consistent_path(definition, path) -> list:
    """The part of `path` that the tree still follows (what a save keeps)."""
    return [{"question": qid, "answer": answer["code"]} for qid, answer in walk(definition, path).steps]
