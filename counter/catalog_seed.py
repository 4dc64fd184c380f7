"""The service catalog a new installation starts with.

It describes the general counters (综合受理窗口) of the government service hall
of Qingxu County (清徐县), Taiyuan, Shanxi province (administrative division
code 140121): the everyday items of eight departments that a one-window hall
takes in and hands on to the deciding department. The platform replaces it
with its own catalog updates (higher `version`) once the counter is online.

Item codes read ``<DEPT>-<NNN>``: a department prefix from the pinyin initials
of its short name, then a running number within the department.

====== =========================================
Prefix Department
====== =========================================
SCJG   市场监督管理局 (market regulation)
GA     公安局 (public security, household registration)
RS     人力资源和社会保障局 (human resources, social security)
BDC    不动产登记中心 (real-estate registration)
MZ     民政局 (civil affairs)
WJ     卫生健康局 (health)
GJJ    住房公积金管理中心 (housing provident fund)
YB     医疗保障局 (healthcare security)
====== =========================================

Material codes read ``M01``, ``M02``, … and are unique within their item.

Time limits are in working days. Where the comment above an item cites a law
or regulation, the legal limit is the one it sets; items without such a
comment have no statutory limit and carry a nominal one. The promised limit is
the hall's shorter public promise. Fees are the statutory charge per case;
items without a fee comment are free of charge.

Departments are the line departments. In Shanxi many licences (business
registration, food and hygiene permits) are decided by the county's
行政审批服务管理局 under the relatively centralised licensing reform; the
platform's catalog updates carry the deciding body a hall actually uses.

Documents the provincial platform holds by data sharing (免提交) carry a
`shared_doc_type`; a counter still asks for them when the platform cannot be
reached.
"""

from __future__ import annotations

from counter.catalog_spec import (
    CatalogSpec,
    ItemKind,
    MaterialForm,
    MaterialSpec,
    Promise,
    ServiceItemSpec,
)

__all__ = ["SEED_CATALOG"]

_ORIGINAL = MaterialForm.ORIGINAL
_COPY = MaterialForm.COPY
_BOTH = MaterialForm.ORIGINAL_AND_COPY

# Shared document types the provincial data-sharing platform answers for.
RESIDENT_ID_CARD = "resident_id_card"
HOUSEHOLD_REGISTER = "household_register"
BUSINESS_LICENSE = "business_license"
MARRIAGE_CERTIFICATE = "marriage_certificate"
REAL_ESTATE_CERTIFICATE = "real_estate_certificate"

_SCJG = ("清徐县市场监督管理局", "Qingxu County Administration for Market Regulation")
_GA = ("清徐县公安局", "Qingxu County Public Security Bureau")
_RS = ("清徐县人力资源和社会保障局", "Qingxu County Human Resources and Social Security Bureau")
_BDC = ("清徐县不动产登记中心", "Qingxu County Real Estate Registration Center")
_MZ = ("清徐县民政局", "Qingxu County Civil Affairs Bureau")
_WJ = ("清徐县卫生健康局", "Qingxu County Health Commission")
_GJJ = ("太原市住房公积金管理中心", "Taiyuan Housing Provident Fund Management Center")
_YB = ("清徐县医疗保障局", "Qingxu County Healthcare Security Administration")


def _id_card(
    code: str,
    *,
    name: str = "申请人居民身份证",
    name_en: str = "Applicant's resident identity card",
    form: MaterialForm = _ORIGINAL,
) -> MaterialSpec:
    """A resident ID card: always key, and verifiable through data sharing."""
    return MaterialSpec(
        code=code,
        name=name,
        name_en=name_en,
        form=form,
        shareable=True,
        shared_doc_type=RESIDENT_ID_CARD,
    )


def _power_of_attorney(code: str) -> MaterialSpec:
    """Needed only when an agent applies on the applicant's behalf."""
    return MaterialSpec(
        code=code,
        name="授权委托书及受托人身份证明",
        name_en="Power of attorney and the agent's identity document",
        form=_ORIGINAL,
        required=False,
        key=False,
        note="委托他人代办时提交",
    )


_ITEMS: tuple[ServiceItemSpec, ...] = (
    # ---- 市场监督管理局 -------------------------------------------------------
    # 《市场主体登记管理条例》第十九条: registration on the spot when the
    # materials are complete, otherwise within 3 working days.
    ServiceItemSpec(
        code="SCJG-001",
        name="个体工商户设立登记",
        name_en="Registration of an individual business",
        department=_SCJG[0],
        department_en=_SCJG[1],
        kind=ItemKind.LICENSING,
        legal_days=3,
        promised_days=0,
        promise=Promise.IMMEDIATE,
        fee_yuan="0",
        result_name="营业执照",
        result_name_en="Business license",
        materials=(
            MaterialSpec(
                code="M01",
                name="个体工商户登记（备案）申请书",
                name_en="Application form for individual business registration",
                form=_ORIGINAL,
            ),
            _id_card("M02", name="经营者居民身份证", name_en="Operator's resident identity card"),
            MaterialSpec(
                code="M03",
                name="经营场所使用证明",
                name_en="Proof of the right to use the business premises",
                form=_COPY,
                key=False,
                note="房屋产权证明或租赁协议",
            ),
            _power_of_attorney("M04"),
        ),
        keywords="个体户 营业执照 开店",
    ),
    # 《市场主体登记管理条例》第十九条 (3 working days).
    ServiceItemSpec(
        code="SCJG-002",
        name="有限责任公司设立登记",
        name_en="Incorporation of a limited liability company",
        department=_SCJG[0],
        department_en=_SCJG[1],
        kind=ItemKind.LICENSING,
        legal_days=3,
        promised_days=1,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="营业执照",
        result_name_en="Business license",
        materials=(
            MaterialSpec(
                code="M01",
                name="公司登记（备案）申请书",
                name_en="Application form for company registration",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M02",
                name="公司章程",
                name_en="Articles of association",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M03",
                name="股东主体资格证明（自然人股东居民身份证）",
                name_en="Shareholders' identity documents",
                form=_COPY,
                shareable=True,
                shared_doc_type=RESIDENT_ID_CARD,
            ),
            MaterialSpec(
                code="M04",
                name="法定代表人、董事、监事和经理的任职文件",
                name_en="Appointment documents of the legal representative, directors, "
                "supervisors and manager",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M05",
                name="住所使用证明",
                name_en="Proof of the right to use the registered address",
                form=_COPY,
                key=False,
            ),
            MaterialSpec(
                code="M06",
                name="指定代表或者共同委托代理人授权委托书",
                name_en="Authorisation of the designated representative or joint agent",
                form=_ORIGINAL,
            ),
        ),
        for_company=True,
        keywords="公司注册 开公司 营业执照 有限公司",
    ),
    # 《市场主体登记管理条例》第十九条 (3 working days).
    ServiceItemSpec(
        code="SCJG-003",
        name="有限责任公司变更登记",
        name_en="Change registration of a limited liability company",
        department=_SCJG[0],
        department_en=_SCJG[1],
        kind=ItemKind.LICENSING,
        legal_days=3,
        promised_days=1,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="营业执照",
        result_name_en="Business license",
        materials=(
            MaterialSpec(
                code="M01",
                name="公司登记（备案）申请书",
                name_en="Application form for company registration",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M02",
                name="营业执照正副本",
                name_en="Business license (original and duplicate)",
                form=_ORIGINAL,
                shareable=True,
                shared_doc_type=BUSINESS_LICENSE,
            ),
            MaterialSpec(
                code="M03",
                name="股东会关于变更事项的决议",
                name_en="Shareholders' meeting resolution on the change",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M04",
                name="修改后的公司章程或者章程修正案",
                name_en="Amended articles of association or amendment",
                form=_ORIGINAL,
                key=False,
            ),
            _power_of_attorney("M05"),
        ),
        for_company=True,
        keywords="公司变更 法人变更 地址变更 营业执照",
    ),
    # 《食品经营许可和备案管理办法》(2023): decision within 10 working days.
    ServiceItemSpec(
        code="SCJG-004",
        name="食品经营许可（新办）",
        name_en="Food business permit (new)",
        department=_SCJG[0],
        department_en=_SCJG[1],
        kind=ItemKind.LICENSING,
        legal_days=10,
        promised_days=5,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="食品经营许可证",
        result_name_en="Food business permit",
        materials=(
            MaterialSpec(
                code="M01",
                name="食品经营许可申请书",
                name_en="Application form for a food business permit",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M02",
                name="营业执照",
                name_en="Business license",
                form=_COPY,
                shareable=True,
                shared_doc_type=BUSINESS_LICENSE,
            ),
            _id_card(
                "M03",
                name="法定代表人（负责人）居民身份证",
                name_en="Legal representative's resident identity card",
                form=_COPY,
            ),
            MaterialSpec(
                code="M04",
                name="主要设备设施、经营布局、操作流程等文件",
                name_en="Main equipment, premises layout and operating procedures",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M05",
                name="食品安全自查、从业人员健康管理、进货查验记录等食品安全管理制度",
                name_en="Food safety management rules (self-inspection, staff health, "
                "purchase checks)",
                form=_ORIGINAL,
                key=False,
            ),
            _power_of_attorney("M06"),
        ),
        for_company=True,
        keywords="餐饮 饭店 食品店 超市 许可证",
    ),
    # ---- 公安局（户政） -------------------------------------------------------
    # 《居民身份证法》: the card is issued within 60 days. The law counts
    # calendar days and the catalog holds working days, so it is recorded as
    # 40 (eight weeks). Fee 20 yuan for renewal on expiry (发改价格〔2003〕2322号).
    ServiceItemSpec(
        code="GA-001",
        name="居民身份证换领（有效期满）",
        name_en="Renewal of the resident identity card on expiry",
        department=_GA[0],
        department_en=_GA[1],
        kind=ItemKind.CONFIRMATION,
        legal_days=40,
        promised_days=15,
        promise=Promise.PROMISED,
        fee_yuan="20",
        result_name="居民身份证",
        result_name_en="Resident identity card",
        materials=(
            MaterialSpec(
                code="M01",
                name="居民身份证申领登记表",
                name_en="Resident identity card application form",
                form=_ORIGINAL,
                note="窗口现场填写、采集指纹",
            ),
            MaterialSpec(
                code="M02",
                name="原居民身份证",
                name_en="The expiring resident identity card",
                form=_ORIGINAL,
                note="换领时交回",
            ),
            MaterialSpec(
                code="M03",
                name="居民户口簿",
                name_en="Household register",
                form=_ORIGINAL,
                shareable=True,
                shared_doc_type=HOUSEHOLD_REGISTER,
            ),
            MaterialSpec(
                code="M04",
                name="居民身份证数码相片（回执）",
                name_en="Digital ID photo receipt",
                form=_ORIGINAL,
                key=False,
                note="可现场拍摄",
            ),
        ),
        keywords="身份证 到期 换证",
    ),
    # 户口迁移 is a licensing item of the public security organs; the general
    # 20 working days of 《行政许可法》第四十二条 apply.
    ServiceItemSpec(
        code="GA-002",
        name="户口迁移（准予迁入证明核发）",
        name_en="Household registration transfer (permit to move in)",
        department=_GA[0],
        department_en=_GA[1],
        kind=ItemKind.LICENSING,
        legal_days=20,
        promised_days=5,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="准予迁入证明（准迁证）",
        result_name_en="Permit to move in",
        materials=(
            MaterialSpec(
                code="M01",
                name="户口迁移申请表",
                name_en="Application form for household registration transfer",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="居民户口簿",
                name_en="Household register",
                form=_ORIGINAL,
                shareable=True,
                shared_doc_type=HOUSEHOLD_REGISTER,
            ),
            MaterialSpec(
                code="M04",
                name="迁入地合法稳定住所证明（不动产权证书）",
                name_en="Proof of a lawful residence at the destination (real-estate certificate)",
                form=_COPY,
                shareable=True,
                shared_doc_type=REAL_ESTATE_CERTIFICATE,
            ),
            MaterialSpec(
                code="M05",
                name="结婚证",
                name_en="Marriage certificate",
                form=_COPY,
                required=False,
                key=False,
                shareable=True,
                shared_doc_type=MARRIAGE_CERTIFICATE,
                note="夫妻投靠时提交",
            ),
            MaterialSpec(
                code="M06",
                name="近期一寸免冠照片",
                name_en="Recent one-inch photo",
                form=_ORIGINAL,
                copies=2,
                key=False,
            ),
        ),
        keywords="落户 迁户口 准迁证",
    ),
    # ---- 人力资源和社会保障局 -------------------------------------------------
    # Card issued on the spot at the hall's instant card-making point.
    ServiceItemSpec(
        code="RS-001",
        name="社会保障卡申领",
        name_en="Application for a social security card",
        department=_RS[0],
        department_en=_RS[1],
        kind=ItemKind.PUBLIC_SERVICE,
        legal_days=20,
        promised_days=0,
        promise=Promise.IMMEDIATE,
        fee_yuan="0",
        result_name="社会保障卡",
        result_name_en="Social security card",
        materials=(
            MaterialSpec(
                code="M01",
                name="社会保障卡申领登记表",
                name_en="Social security card application form",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="近期免冠彩色照片",
                name_en="Recent colour photo",
                form=_ORIGINAL,
                key=False,
                note="可现场采集",
            ),
            MaterialSpec(
                code="M04",
                name="监护人居民身份证",
                name_en="Guardian's resident identity card",
                form=_ORIGINAL,
                required=False,
                key=False,
                shareable=True,
                shared_doc_type=RESIDENT_ID_CARD,
                note="未成年人申领时提交",
            ),
        ),
        keywords="社保卡 办卡 制卡",
    ),
    # 《失业保险金申领发放办法》: eligibility decided within 10 days.
    ServiceItemSpec(
        code="RS-002",
        name="失业保险金申领",
        name_en="Claim for unemployment insurance benefit",
        department=_RS[0],
        department_en=_RS[1],
        kind=ItemKind.PAYMENT,
        legal_days=10,
        promised_days=5,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="失业保险待遇核定通知",
        result_name_en="Notice of unemployment benefit entitlement",
        materials=(
            MaterialSpec(
                code="M01",
                name="失业保险金申领登记表",
                name_en="Unemployment benefit claim form",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="终止或者解除劳动合同的证明",
                name_en="Proof of termination of the labour contract",
                form=_BOTH,
                key=False,
                note="单位已办理减员的可免于提交",
            ),
            MaterialSpec(
                code="M04",
                name="社会保障卡或本人银行账户",
                name_en="Social security card or own bank account",
                form=_COPY,
                key=False,
            ),
        ),
        keywords="失业金 失业 待遇",
    ),
    ServiceItemSpec(
        code="RS-003",
        name="灵活就业人员参保登记",
        name_en="Pension insurance enrolment for flexibly employed persons",
        department=_RS[0],
        department_en=_RS[1],
        kind=ItemKind.PUBLIC_SERVICE,
        legal_days=5,
        promised_days=0,
        promise=Promise.IMMEDIATE,
        fee_yuan="0",
        result_name="参保登记凭证",
        result_name_en="Enrolment record",
        materials=(
            MaterialSpec(
                code="M01",
                name="灵活就业人员参保登记表",
                name_en="Enrolment form for flexibly employed persons",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="居民户口簿",
                name_en="Household register",
                form=_COPY,
                required=False,
                key=False,
                shareable=True,
                shared_doc_type=HOUSEHOLD_REGISTER,
                note="非本地户籍人员提交居住证",
            ),
        ),
        keywords="灵活就业 个人参保 养老保险 自由职业",
    ),
    # ---- 不动产登记中心 -------------------------------------------------------
    # 《不动产登记暂行条例》第二十条: within 30 working days; fee 80 yuan per
    # case for housing (发改价格规〔2016〕2559号).
    ServiceItemSpec(
        code="BDC-001",
        name="不动产转移登记（存量房买卖）",
        name_en="Real-estate transfer registration (resale of housing)",
        department=_BDC[0],
        department_en=_BDC[1],
        kind=ItemKind.CONFIRMATION,
        legal_days=30,
        promised_days=5,
        promise=Promise.PROMISED,
        fee_yuan="80",
        result_name="不动产权证书",
        result_name_en="Real-estate ownership certificate",
        materials=(
            MaterialSpec(
                code="M01",
                name="不动产登记申请书",
                name_en="Real-estate registration application form",
                form=_ORIGINAL,
            ),
            _id_card(
                "M02",
                name="买卖双方居民身份证",
                name_en="Resident identity cards of buyer and seller",
            ),
            MaterialSpec(
                code="M03",
                name="不动产权证书",
                name_en="Seller's real-estate ownership certificate",
                form=_ORIGINAL,
                note="登记时收回原证",
            ),
            MaterialSpec(
                code="M04",
                name="存量房买卖合同",
                name_en="Sale contract",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M05",
                name="契税完税凭证",
                name_en="Deed tax payment certificate",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M06",
                name="结婚证",
                name_en="Marriage certificate",
                form=_COPY,
                required=False,
                key=False,
                shareable=True,
                shared_doc_type=MARRIAGE_CERTIFICATE,
                note="夫妻共有时提交",
            ),
        ),
        keywords="过户 房产证 二手房",
    ),
    # 《不动产登记暂行条例》第二十条 (30 working days); fee 80 yuan per case.
    ServiceItemSpec(
        code="BDC-002",
        name="不动产抵押权首次登记",
        name_en="Real-estate mortgage registration",
        department=_BDC[0],
        department_en=_BDC[1],
        kind=ItemKind.CONFIRMATION,
        legal_days=30,
        promised_days=3,
        promise=Promise.PROMISED,
        fee_yuan="80",
        result_name="不动产登记证明",
        result_name_en="Real-estate registration certificate of mortgage",
        materials=(
            MaterialSpec(
                code="M01",
                name="不动产登记申请书",
                name_en="Real-estate registration application form",
                form=_ORIGINAL,
            ),
            _id_card("M02", name="抵押人居民身份证", name_en="Mortgagor's resident identity card"),
            MaterialSpec(
                code="M03",
                name="不动产权证书",
                name_en="Real-estate ownership certificate",
                form=_ORIGINAL,
                shareable=True,
                shared_doc_type=REAL_ESTATE_CERTIFICATE,
            ),
            MaterialSpec(
                code="M04",
                name="主债权合同",
                name_en="Principal loan contract",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M05",
                name="抵押合同",
                name_en="Mortgage contract",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M06",
                name="抵押权人营业执照（金融许可证）",
                name_en="Mortgagee's business license (financial license)",
                form=_COPY,
                key=False,
                shareable=True,
                shared_doc_type=BUSINESS_LICENSE,
            ),
        ),
        keywords="抵押 贷款 房贷",
    ),
    # ---- 民政局 ---------------------------------------------------------------
    # 《最低生活保障审核确认办法》(民发〔2021〕57号): decided within 30 working days.
    ServiceItemSpec(
        code="MZ-001",
        name="最低生活保障申请",
        name_en="Application for minimum living allowance",
        department=_MZ[0],
        department_en=_MZ[1],
        kind=ItemKind.PAYMENT,
        legal_days=30,
        promised_days=20,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="最低生活保障审核确认决定",
        result_name_en="Decision on minimum living allowance",
        materials=(
            MaterialSpec(
                code="M01",
                name="最低生活保障申请书",
                name_en="Application for minimum living allowance",
                form=_ORIGINAL,
            ),
            _id_card(
                "M02",
                name="家庭成员居民身份证",
                name_en="Resident identity cards of household members",
                form=_COPY,
            ),
            MaterialSpec(
                code="M03",
                name="居民户口簿",
                name_en="Household register",
                form=_COPY,
                shareable=True,
                shared_doc_type=HOUSEHOLD_REGISTER,
            ),
            MaterialSpec(
                code="M04",
                name="家庭经济状况核对授权书",
                name_en="Authorisation to check household finances",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M05",
                name="家庭收入和财产状况声明",
                name_en="Declaration of household income and assets",
                form=_ORIGINAL,
                key=False,
            ),
            MaterialSpec(
                code="M06",
                name="结婚证",
                name_en="Marriage certificate",
                form=_COPY,
                required=False,
                key=False,
                shareable=True,
                shared_doc_type=MARRIAGE_CERTIFICATE,
            ),
        ),
        keywords="低保 救助 困难",
    ),
    # 《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》
    # (国发〔2015〕52号).
    ServiceItemSpec(
        code="MZ-002",
        name="困难残疾人生活补贴和重度残疾人护理补贴申请",
        name_en="Living and nursing allowances for persons with disabilities",
        department=_MZ[0],
        department_en=_MZ[1],
        kind=ItemKind.PAYMENT,
        legal_days=20,
        promised_days=15,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="残疾人两项补贴审定结果",
        result_name_en="Decision on disability allowances",
        materials=(
            MaterialSpec(
                code="M01",
                name="残疾人两项补贴申请审批表",
                name_en="Application form for disability allowances",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="中华人民共和国残疾人证",
                name_en="Disability certificate",
                form=_BOTH,
            ),
            MaterialSpec(
                code="M04",
                name="居民户口簿",
                name_en="Household register",
                form=_COPY,
                key=False,
                shareable=True,
                shared_doc_type=HOUSEHOLD_REGISTER,
            ),
            MaterialSpec(
                code="M05",
                name="本人银行账户（社会保障卡）",
                name_en="Own bank account (social security card)",
                form=_COPY,
                key=False,
            ),
        ),
        keywords="残疾人 两项补贴 护理补贴 生活补贴",
    ),
    # ---- 卫生健康局 -----------------------------------------------------------
    # 《医师执业注册管理办法》: decision within 20 working days.
    ServiceItemSpec(
        code="WJ-001",
        name="医师执业注册",
        name_en="Registration of medical practice",
        department=_WJ[0],
        department_en=_WJ[1],
        kind=ItemKind.LICENSING,
        legal_days=20,
        promised_days=5,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="医师执业证书",
        result_name_en="Physician's practising certificate",
        materials=(
            MaterialSpec(
                code="M01",
                name="医师执业注册申请审核表",
                name_en="Application form for practice registration",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="医师资格证书",
                name_en="Physician qualification certificate",
                form=_BOTH,
            ),
            MaterialSpec(
                code="M04",
                name="拟执业医疗机构聘用证明",
                name_en="Employment letter of the medical institution",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M05",
                name="近6个月内的健康体检证明",
                name_en="Health check certificate from the last 6 months",
                form=_ORIGINAL,
                key=False,
            ),
            MaterialSpec(
                code="M06",
                name="近6个月二寸白底免冠正面半身照片",
                name_en="Recent two-inch photo",
                form=_ORIGINAL,
                copies=2,
                key=False,
            ),
        ),
        keywords="医生 执业证 注册",
    ),
    # 《公共场所卫生管理条例实施细则》: decision within 20 days.
    ServiceItemSpec(
        code="WJ-002",
        name="公共场所卫生许可（新办）",
        name_en="Public place hygiene permit (new)",
        department=_WJ[0],
        department_en=_WJ[1],
        kind=ItemKind.LICENSING,
        legal_days=20,
        promised_days=5,
        promise=Promise.PROMISED,
        fee_yuan="0",
        result_name="公共场所卫生许可证",
        result_name_en="Public place hygiene permit",
        materials=(
            MaterialSpec(
                code="M01",
                name="公共场所卫生许可申请表",
                name_en="Application form for a public place hygiene permit",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M02",
                name="营业执照",
                name_en="Business license",
                form=_COPY,
                shareable=True,
                shared_doc_type=BUSINESS_LICENSE,
            ),
            _id_card(
                "M03",
                name="法定代表人或者负责人居民身份证",
                name_en="Legal representative's resident identity card",
                form=_COPY,
            ),
            MaterialSpec(
                code="M04",
                name="公共场所地址方位示意图、平面图和卫生设施平面布局图",
                name_en="Location map, floor plan and layout of hygiene facilities",
                form=_ORIGINAL,
            ),
            MaterialSpec(
                code="M05",
                name="公共场所卫生检测或者评价报告",
                name_en="Hygiene test or assessment report",
                form=_ORIGINAL,
                key=False,
            ),
            MaterialSpec(
                code="M06",
                name="公共场所卫生管理制度",
                name_en="Hygiene management rules",
                form=_ORIGINAL,
                key=False,
            ),
        ),
        for_company=True,
        keywords="宾馆 理发 美容 洗浴 卫生许可证",
    ),
    # ---- 住房公积金 -----------------------------------------------------------
    # 《住房公积金管理条例》第二十五条: decision within 3 days.
    ServiceItemSpec(
        code="GJJ-001",
        name="住房公积金提取（购买自住住房）",
        name_en="Housing provident fund withdrawal (home purchase)",
        department=_GJJ[0],
        department_en=_GJJ[1],
        kind=ItemKind.PUBLIC_SERVICE,
        legal_days=3,
        promised_days=0,
        promise=Promise.IMMEDIATE,
        fee_yuan="0",
        result_name="住房公积金提取审核结果",
        result_name_en="Withdrawal decision",
        materials=(
            MaterialSpec(
                code="M01",
                name="住房公积金提取申请书",
                name_en="Withdrawal application form",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="不动产权证书或者购房合同",
                name_en="Real-estate certificate or purchase contract",
                form=_COPY,
                shareable=True,
                shared_doc_type=REAL_ESTATE_CERTIFICATE,
            ),
            MaterialSpec(
                code="M04",
                name="购房发票",
                name_en="Purchase invoice",
                form=_BOTH,
            ),
            MaterialSpec(
                code="M05",
                name="结婚证",
                name_en="Marriage certificate",
                form=_COPY,
                required=False,
                key=False,
                shareable=True,
                shared_doc_type=MARRIAGE_CERTIFICATE,
                note="配偶共同提取时提交",
            ),
            MaterialSpec(
                code="M06",
                name="本人银行卡",
                name_en="Own bank card",
                form=_COPY,
                key=False,
            ),
        ),
        keywords="公积金 提取 买房",
    ),
    # 《住房公积金管理条例》第二十五条 (3 days).
    ServiceItemSpec(
        code="GJJ-002",
        name="住房公积金提取（离休、退休）",
        name_en="Housing provident fund withdrawal (retirement)",
        department=_GJJ[0],
        department_en=_GJJ[1],
        kind=ItemKind.PUBLIC_SERVICE,
        legal_days=3,
        promised_days=0,
        promise=Promise.IMMEDIATE,
        fee_yuan="0",
        result_name="住房公积金提取审核结果",
        result_name_en="Withdrawal decision",
        materials=(
            MaterialSpec(
                code="M01",
                name="住房公积金提取申请书",
                name_en="Withdrawal application form",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="离休、退休证明",
                name_en="Proof of retirement",
                form=_BOTH,
            ),
            MaterialSpec(
                code="M04",
                name="本人银行卡",
                name_en="Own bank card",
                form=_COPY,
                key=False,
            ),
        ),
        keywords="公积金 退休 销户",
    ),
    # ---- 医疗保障局 -----------------------------------------------------------
    ServiceItemSpec(
        code="YB-001",
        name="城乡居民基本医疗保险参保登记",
        name_en="Enrolment in basic medical insurance for urban and rural residents",
        department=_YB[0],
        department_en=_YB[1],
        kind=ItemKind.PUBLIC_SERVICE,
        legal_days=5,
        promised_days=0,
        promise=Promise.IMMEDIATE,
        fee_yuan="0",
        result_name="参保登记凭证",
        result_name_en="Enrolment record",
        materials=(
            MaterialSpec(
                code="M01",
                name="城乡居民基本医疗保险参保登记表",
                name_en="Enrolment form for residents' medical insurance",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="居民户口簿",
                name_en="Household register",
                form=_COPY,
                key=False,
                shareable=True,
                shared_doc_type=HOUSEHOLD_REGISTER,
            ),
            MaterialSpec(
                code="M04",
                name="出生医学证明",
                name_en="Medical birth certificate",
                form=_COPY,
                required=False,
                key=False,
                note="新生儿参保时提交",
            ),
        ),
        keywords="居民医保 新农合 参保 新生儿",
    ),
    ServiceItemSpec(
        code="YB-002",
        name="异地就医备案",
        name_en="Registration for medical treatment in another region",
        department=_YB[0],
        department_en=_YB[1],
        kind=ItemKind.PUBLIC_SERVICE,
        legal_days=3,
        promised_days=0,
        promise=Promise.IMMEDIATE,
        fee_yuan="0",
        result_name="异地就医备案凭证",
        result_name_en="Out-of-region treatment registration record",
        materials=(
            MaterialSpec(
                code="M01",
                name="基本医疗保险参保人员异地就医备案表",
                name_en="Registration form for out-of-region treatment",
                form=_ORIGINAL,
            ),
            _id_card("M02"),
            MaterialSpec(
                code="M03",
                name="异地长期居住或工作声明",
                name_en="Declaration of long-term residence or work elsewhere",
                form=_ORIGINAL,
                key=False,
                note="长期异地居住人员提交，实行个人承诺制",
            ),
        ),
        keywords="异地就医 备案 跨省 医保",
    ),
)

SEED_CATALOG = CatalogSpec(version=1, items=_ITEMS)
"""The catalog a new installation starts with (version 1)."""
