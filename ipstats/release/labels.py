"""Chinese column headers for the released tables (the English header is the column id).

>>> header("target_year")
'目标年份 target_year'
>>> header("something_new")
'something_new'
"""
from __future__ import annotations

ZH: dict[str, str] = {
    "target_id": "目标编号", "doc_id": "文件编号", "jurisdiction_id": "辖区编号",
    "jurisdiction_name_zh": "辖区名称(中文)", "jurisdiction_name_en": "辖区名称(英文)",
    "level": "层级", "parent_id": "上级辖区", "indicator_id": "指标编号",
    "indicator_name_zh": "指标名称(中文)", "indicator_name_en": "指标名称(英文)",
    "family": "指标类别", "family_name_zh": "类别名称(中文)", "family_name_en": "类别名称(英文)",
    "basis": "统计口径", "direction": "方向", "kind": "类型", "comparator": "比较符",
    "value": "原文数值", "value_high": "区间上限", "unit": "原文单位", "value_std": "标准值",
    "unit_std": "标准单位", "plan_years": "规划年数", "value_std_per_year": "年均值",
    "target_year": "目标年份", "target_year_inferred": "目标年份为推定",
    "period_start_year": "起始年份", "aspiration": "力争", "clause": "条款", "quote": "原文",
    "quote_clean": "原文(清理)", "quote_en": "英文译文", "note": "备注", "source_file": "来源文件",
    "source_line": "来源行", "doc_title_zh": "文件标题(中文)", "doc_title_en": "文件标题(英文)",
    "doc_status": "文件状态", "issue_date": "印发日期", "publication_date": "发布日期",
    "effective_from": "生效日期", "effective_to": "截止日期", "reference_date": "参考日期",
    "title_zh": "标题(中文)", "title_en": "标题(英文)", "issuer_zh": "发文机关(中文)",
    "issuer_en": "发文机关(英文)", "doc_number": "文号", "doc_type": "文件类型", "status": "状态",
    "date_inferred": "日期为推定", "date_note": "日期说明", "inferred_from": "推定起",
    "inferred_to": "推定止", "source_seed": "来源种子", "source_note": "来源说明",
    "sha256": "SHA-256校验值", "n_numeric_targets": "数值目标数", "n_milestones": "里程碑数",
    "has_numeric_targets": "有数值目标", "gb2260_code": "GB/T 2260代码",
    "iso3166_2": "ISO 3166-2代码", "name_zh": "名称(中文)", "name_en": "名称(英文)",
    "description": "说明", "multiplier": "换算系数", "campaign_id": "专项行动编号",
    "pattern": "匹配模式", "lead_agency_zh": "牵头机关", "department_id": "部门编号",
    "aliases": "别名", "measure_id": "措施编号", "number": "序号", "part": "部分",
    "section": "章节", "title": "标题", "text_clean": "全文(清理)",
    "departments_as_written": "责任单位(原文)", "lead_departments": "牵头部门",
    "participating_departments": "参与部门", "lead_departments_en": "牵头部门(英文)",
    "n_departments": "部门数", "theme": "主题", "theme_name_zh": "主题名称(中文)",
    "theme_name_en": "主题名称(英文)", "campaigns": "专项行动", "target_ids": "目标编号",
    "keywords": "关键词", "year": "年份", "publisher": "发布者", "date_published": "发布日期",
    "url": "网址", "date_retrieved": "获取日期", "source_kind": "来源类型",
    "baseline_value": "基期值", "baseline_year": "基期年份", "baseline_quote": "基期原文",
    "attribute": "指标属性", "recurrence": "频次", "relative": "相对目标类型",
    "source_table_row": "来自表格行", "source_kind_doc": "文本来源类型",
    "declared_indicators": "文件声明指标数",
}


def header(column: str) -> str:
    """The bilingual header of a column: Chinese name, then the column id."""
    zh = ZH.get(column)
    return f"{zh} {column}" if zh else column
