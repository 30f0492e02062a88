"""Goods: commodity code checks and description classification (``dualwatch.goods``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from dualwatch import goods
from dualwatch.api.deps import Analyst, Viewer
from dualwatch.api.limits import MAX_QUERIES, LongText, Word, check_count
from dualwatch.api.routes.common import errors

router = APIRouter(prefix="/goods", tags=["Goods"])


class GoodsItem(BaseModel):
    description: LongText = Field(min_length=1, examples=["микросхемы интегральные"])
    declared_hs: Word | None = Field(None, description="The code declared for the goods, "
                                                       "checked against the description.",
                                     examples=["8542.31"])


class ClassifyRequest(BaseModel):
    items: list[GoodsItem] = Field(description="At most 1,000 descriptions.")
    top: Annotated[int, Field(ge=1, le=20)] = 5


@router.get("/codes/{code}", summary="Check a commodity code",
            response_model=goods.CodeInfo, responses=errors(400))
def check_code(
    key: Viewer,
    code: Annotated[str, PathParam(max_length=40, pattern=r"^[0-9A-Za-z .-]+$",
                                   examples=["8542.31"])],
) -> goods.CodeInfo:
    """What an HS-2/4/6, CN8, HTS10, TN VED or Chinese 10-digit code is in HS 2022, and
    whether the Common High Priority List covers it (with its tier)."""
    return goods.check(code)


@router.post("/classify", summary="Classify goods descriptions",
             response_model=list[goods.Classification], responses=errors(400, 413))
def classify(body: ClassifyRequest, key: Analyst) -> list[goods.Classification]:
    """Rank HS 2022 subheadings for each description (English, Russian, Chinese, part
    numbers), with the evidence for each; where a code is declared, say whether the
    description contradicts it."""
    check_count("descriptions", len(body.items), MAX_QUERIES)
    return [goods.classify(item.description, item.declared_hs, body.top) for item in body.items]
