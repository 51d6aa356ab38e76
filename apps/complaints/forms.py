"""Forms: the scope checker, the intake form, tracking, supplements, the defence, and the
officer's workflow forms (admin)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Category, IdType, Outcome, Sanction, Track
from .validators import MAX_FILES, id_number_normalise, validate_id_document

PHONE_RE = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")
TEXT_LIMITS = {"facts": 5000, "request": 2000}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("最多上传 %(n)s 个文件。"), code="too_many", params={"n": MAX_FILES}
            )
        return files


YES_NO = [("yes", _("是")), ("no", _("否"))]


class ScopeForm(forms.Form):
    """Five yes/no questions; answered, the page says whether to file here or where to go."""

    is_member = forms.ChoiceField(
        label=_("被投诉的是在上海执业的律师或律师事务所吗？"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    in_practice = forms.ChoiceField(
        label=_("投诉的是其执业活动中的行为（如代理案件、提供法律咨询）吗？"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    crime = forms.ChoiceField(
        label=_("您认为对方的行为涉嫌犯罪（如诈骗、伪造证据）吗？"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    only_money = forms.ChoiceField(
        label=_("您的诉求仅是退还律师费或解除委托合同吗？"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    over_two_years = forms.ChoiceField(
        label=_("事情发生在两年以前吗？"), choices=YES_NO, widget=forms.RadioSelect
    )

    def advice(self) -> list[str]:
        """Where to go instead; empty when the association is the right place."""
        d = self.cleaned_data
        out: list[str] = []
        if d["is_member"] == "no":
            out.append(
                str(
                    _(
                        "本会只受理对本市执业律师和律师事务所的投诉。外地律师请向其执业地的律师协会或司法局反映；"
                        "对方不是律师（如“法律咨询公司”）的，请向市场监督管理部门或公安机关反映。"
                    )
                )
            )
        if d["in_practice"] == "no":
            out.append(
                str(
                    _(
                        "律师执业以外的个人行为（如邻里纠纷、私人借贷）不属于行业投诉范围，"
                        "可通过人民调解、诉讼或向有关部门反映解决。"
                    )
                )
            )
        if d["crime"] == "yes":
            out.append(
                str(_("涉嫌犯罪的，请向公安机关报案；本会在司法机关处理后可依规追究行业责任。"))
            )
        if d["only_money"] == "yes":
            out.append(
                str(
                    _(
                        "单纯的律师费退还或委托合同争议属于民事纠纷，请向人民法院起诉或依约申请仲裁，"
                        "也可申请律师调解。若同时存在违规收费等执业问题，仍可向本会投诉。"
                    )
                )
            )
        if d["over_two_years"] == "yes":
            out.append(
                str(
                    _(
                        "行业处分的追诉时效一般为两年，超过期限的投诉通常不予受理；"
                        "持续发生或新发现的违规行为除外，您仍可提交并说明情况。"
                    )
                )
            )
        return out


class IntakeForm(forms.Form):
    complainant_name = forms.CharField(label=_("姓名"), max_length=50)
    id_type = forms.ChoiceField(
        label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT
    )
    id_number = forms.CharField(label=_("证件号码"), max_length=30)
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=254,
        help_text=_("投诉编号、查询码和办理进展将发送到此邮箱。"),
    )
    address = forms.CharField(label=_("联系地址"), max_length=200, required=False)
    acting_for = forms.BooleanField(label=_("我代他人投诉（如代理家属）"), required=False)
    principal_name = forms.CharField(label=_("被代理人姓名"), max_length=50, required=False)
    power_of_attorney = forms.FileField(
        label=_("授权委托书"),
        required=False,
        help_text=_("代他人投诉时必须上传，PDF 或 JPG/PNG 图片。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    co_complainants = forms.IntegerField(
        label=_("共同投诉的其他人数"), min_value=0, max_value=500, initial=0, required=False
    )
    respondent_lawyer_name = forms.CharField(
        label=_("被投诉律师姓名"), max_length=50, required=False
    )
    respondent_lawyer_licence = forms.CharField(
        label=_("律师执业证号"),
        max_length=20,
        required=False,
        help_text=_("如知道，请填写 17 位执业证号。"),
    )
    respondent_firm_name = forms.CharField(
        label=_("律师事务所名称"), max_length=100, required=False, help_text=_("请填写全称。")
    )
    category = forms.ChoiceField(
        label=_("投诉类别"), choices=Category.choices, widget=forms.RadioSelect
    )
    facts = forms.CharField(
        label=_("事实经过"),
        max_length=TEXT_LIMITS["facts"],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("请写明时间、地点、经过和您认为违规的具体行为，不超过 5000 字。"),
    )
    request = forms.CharField(
        label=_("投诉请求"),
        max_length=TEXT_LIMITS["request"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("您希望本会如何处理，不超过 2000 字。"),
    )
    evidence = MultipleFileField(
        label=_("证据材料"),
        required=False,
        help_text=_("最多 10 个文件，每个不超过 10 MB；PDF 或 JPG/PNG 图片。"),
    )
    consent = forms.BooleanField(
        label=_(
            "我已阅读并同意隐私声明：本会仅为处理投诉使用上述个人信息，仅投诉处理人员可见，结案后按规定期限删除。"
        ),
    )
    pow = forms.CharField(required=False, widget=forms.HiddenInput)
    submit_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean_id_number(self) -> str:
        return id_number_normalise(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise ValidationError(_("请填写有效的电话号码。"), code="phone")
        return phone

    def clean_respondent_lawyer_licence(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data.get("respondent_lawyer_licence") or "")
        if value and not re.fullmatch(r"\d{17}", value):
            raise ValidationError(_("执业证号应为 17 位数字。"), code="licence")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "id_number" in data and "id_type" in data:
            try:
                validate_id_document(data["id_type"], data["id_number"])
            except ValidationError as exc:
                self.add_error("id_number", exc)
        if data.get("acting_for"):
            if not (data.get("principal_name") or "").strip():
                self.add_error("principal_name", _("代他人投诉须填写被代理人姓名。"))
            if not data.get("power_of_attorney"):
                self.add_error("power_of_attorney", _("代他人投诉须上传授权委托书。"))
        if not any(
            (data.get(f) or "").strip()
            for f in ("respondent_lawyer_name", "respondent_lawyer_licence", "respondent_firm_name")
        ):
            raise ValidationError(_("请填写被投诉的律师或律师事务所。"), code="respondent")
        data["co_complainants"] = data.get("co_complainants") or 0
        return data


class TrackForm(forms.Form):
    reference = forms.CharField(
        label=_("投诉编号"), max_length=16, help_text=_("例如 TS2026-000123"), strip=True
    )
    code = forms.CharField(
        label=_("查询码"), max_length=20, help_text=_("提交投诉时获得的 12 位查询码")
    )


class SupplementForm(forms.Form):
    text = forms.CharField(
        label=_("补充说明"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = MultipleFileField(
        label=_("补充材料"), required=False, help_text=_("PDF 或 JPG/PNG 图片，每个不超过 10 MB。")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            raise ValidationError(_("请填写补充说明或上传文件。"), code="empty")
        return data


class DefenceForm(forms.Form):
    text = forms.CharField(
        label=_("答辩意见"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10})
    )
    files = MultipleFileField(
        label=_("答辩材料"), required=False, help_text=_("PDF 或 JPG/PNG 图片，每个不超过 10 MB。")
    )


# --- officer forms (admin) ---------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("说明"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TriageForm(forms.Form):
    track = forms.ChoiceField(label=_("程序"), choices=Track.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("理由"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不采用规则建议的程序时必须填写。"),
    )


class NotAcceptForm(forms.Form):
    reason = forms.CharField(
        label=_("不予受理的理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    guidance = forms.CharField(
        label=_("处理途径指引"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("告诉投诉人可以向哪里反映，例如法院、仲裁机构、公安机关或其他律师协会。"),
    )


class InvestigationForm(forms.Form):
    investigators = forms.ModelMultipleChoiceField(
        label=_("调查人员"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .selectors import officers

        super().__init__(*args, **kwargs)
        from apps.accounts.models import User

        self.fields["investigators"].queryset = User.objects.filter(
            pk__in=[u.pk for u in officers()]
        ).order_by("email")


class HearingForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=_("听证时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("地点"), max_length=200)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("处理结果"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    sanction = forms.ChoiceField(
        label=_("处分"), choices=[("", "—"), *Sanction.choices], required=False
    )
    suspension_months = forms.IntegerField(
        label=_("中止会员权利月数"), min_value=1, max_value=12, required=False
    )
    facts = forms.CharField(
        label=_("认定事实"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    basis = forms.CharField(
        label=_("处分依据"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(
        label=_("决定书正文"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    publish_until = forms.DateField(
        label=_("公开截止日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("通报批评、公开谴责、中止会员权利、取消会员资格须公开，请填写公开期限。"),
    )
