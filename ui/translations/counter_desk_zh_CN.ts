<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Counter Desk</source>
        <translation>关于一窗受理工作台</translation>
    </message>
    <message>
        <source>Counter Desk</source>
        <translation>一窗受理工作台</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Desk:</source>
        <translation>窗口：</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>Store:</source>
        <translation>本地数据库：</translation>
    </message>
    <message>
        <source>Exchange platform:</source>
        <translation>数据共享交换平台：</translation>
    </message>
    <message>
        <source>Secrets:</source>
        <translation>密钥与口令：</translation>
    </message>
    <message>
        <source>Idle lock:</source>
        <translation>无操作锁定：</translation>
    </message>
    <message>
        <source>(not installed)</source>
        <translation>（未安装）</translation>
    </message>
    <message>
        <source>{office} ({code}), desk {desk}</source>
        <translation>{office}（{code}），{desk} 号窗口</translation>
    </message>
    <message>
        <source>none: this desk does not sync</source>
        <translation>未配置：本窗口不与平台同步</translation>
    </message>
    <message>
        <source>after {n} minutes without use</source>
        <translation>无操作 {n} 分钟后锁定</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>not encrypted: anyone who copies the data folder can read it</source>
        <translation>未加密：任何人复制数据目录即可读取</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>kept in the system&apos;s protected store</source>
        <translation>保存在操作系统的受保护存储中</translation>
    </message>
    <message>
        <source>less protected: this computer has no protected store, so they are kept in {file}, readable by this user only</source>
        <translation>保护较弱：本机没有受保护存储，已保存在 {file}，仅当前用户可读</translation>
    </message>
</context>
<context>
    <name>AgentBox</name>
    <message>
        <source>Submitted by an agent</source>
        <translation>代办人代为办理</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Counter Desk</source>
        <translation>一窗受理系统</translation>
    </message>
    <message>
        <source>The desk could not be opened:
{error}</source>
        <translation>无法打开本窗口的数据：
{error}</translation>
    </message>
</context>
<context>
    <name>ApplicantBox</name>
    <message>
        <source>Applicant (company)</source>
        <translation>申请人（企业）</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>正在校验日志链…</translation>
    </message>
    <message>
        <source>Chain intact: {count} entries.</source>
        <translation>日志链完整：共 {count} 条。</translation>
    </message>
    <message>
        <source>Chain broken at entry #{id} ({time}, {action}): {problem}. Entries before it are intact.</source>
        <translation>日志链在第 #{id} 条断开（{time}，{action}）：{problem}。此前的记录完整。</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>From</source>
        <translation>日期从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>操作人(&amp;U)：</translation>
    </message>
    <message>
        <source>A&amp;ction:</source>
        <translation>操作(&amp;C)：</translation>
    </message>
    <message>
        <source>Target contains… (e.g. an acceptance number)</source>
        <translation>对象包含…（如受理编号）</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>校验日志链(&amp;V)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CardReadButton</name>
    <message>
        <source>Reading…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <source>Read ID card ({key})</source>
        <translation>读身份证（{key}）</translation>
    </message>
    <message>
        <source>Lay the card on the reader, then press {key}</source>
        <translation>请将身份证放在读卡器上，再按 {key}</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>未连接读卡器</translation>
    </message>
</context>
<context>
    <name>CasePrinting</name>
    <message>
        <source>Reprint certificate</source>
        <translation>补打证照</translation>
    </message>
    <message>
        <source>This certificate was printed {count} time(s). Why is it printed again?</source>
        <translation>该证照已打印 {count} 次。为什么要再次打印？</translation>
    </message>
    <message>
        <source>Reprint {document}</source>
        <translation>补打{document}</translation>
    </message>
    <message>
        <source>Why is the {document} printed again?</source>
        <translation>为什么要补打{document}？</translation>
    </message>
    <message>
        <source>Printed (print no. {number}).</source>
        <translation>已打印（第 {number} 次）。</translation>
    </message>
    <message>
        <source>Not printed; saved as {path}. The print is recorded as no. {number}.</source>
        <translation>未打印，已另存为 {path}。本次打印已登记为第 {number} 次。</translation>
    </message>
    <message>
        <source>The print is recorded as no. {number}, but nothing came out: {problem} Print it again with the reason &apos;printer failure&apos;.</source>
        <translation>本次打印已登记为第 {number} 次，但没有打印出来：{problem} 请以“打印机故障”为原因补打。</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>CaseTimeline</name>
    <message>
        <source>Application recorded: {state}</source>
        <translation>登记申请：{state}</translation>
    </message>
    <message>
        <source>Delivered to the {role} {name} (ID {id})</source>
        <translation>已送达{role} {name}（证件号 {id}）</translation>
    </message>
    <message>
        <source>{old} → {new}</source>
        <translation>{old} → {new}</translation>
    </message>
    <message>
        <source>Certificate issued: {title} ({serial})</source>
        <translation>证照已核发：{title}（{serial}）</translation>
    </message>
    <message>
        <source>Certificate printed: {title}</source>
        <translation>证照已打印：{title}</translation>
    </message>
    <message>
        <source>Certificate reprinted (print no. {number}): {title}</source>
        <translation>证照已补打（第 {number} 次打印）：{title}</translation>
    </message>
    <message>
        <source>Intake refused by the platform ({why}), corrected and resubmitted (revision {revision})</source>
        <translation>平台退回受理（{why}），已更正并重新报送（第 {revision} 版）</translation>
    </message>
    <message>
        <source>{document} reprinted (reprint no. {number})</source>
        <translation>{document}已补打（第 {number} 次补打）</translation>
    </message>
    <message>
        <source>; reason: {reason}</source>
        <translation>；原因：{reason}</translation>
    </message>
    <message>
        <source>Exchange platform</source>
        <translation>数据共享交换平台</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>办理事项</translation>
    </message>
</context>
<context>
    <name>CaseViewDialog</name>
    <message>
        <source>Case {number}</source>
        <translation>办件 {number}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>decided at the counter</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>reprinted {n}×</source>
        <translation>已补打 {n} 次</translation>
    </message>
    <message>
        <source>printed {n}×</source>
        <translation>已打印 {n} 次</translation>
    </message>
    <message>
        <source>not printed yet</source>
        <translation>尚未打印</translation>
    </message>
    <message>
        <source>Delivered to {name}.</source>
        <translation>已送达 {name}。</translation>
    </message>
    <message>
        <source>Void case {number}</source>
        <translation>作废办件 {number}</translation>
    </message>
    <message>
        <source>The case and its number stay on record. Why is it voided?</source>
        <translation>办件及其受理编号将保留在记录中。作废原因是什么？</translation>
    </message>
    <message>
        <source>The case is voided.</source>
        <translation>办件已作废。</translation>
    </message>
    <message>
        <source>Extension notice</source>
        <translation>延期办理通知书</translation>
    </message>
    <message>
        <source>The extension notice is ready. Print it for the applicant?</source>
        <translation>延期办理通知书已生成。是否打印交申请人？</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Acceptance no.:</source>
        <translation>受理编号：</translation>
    </message>
    <message>
        <source>Service item:</source>
        <translation>办理事项：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Applicant:</source>
        <translation>申请人：</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>代理人：</translation>
    </message>
    <message>
        <source>Promised date:</source>
        <translation>承诺办结日期：</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>办理记录(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Materials</source>
        <translation>材料(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Documents</source>
        <translation>文书与证照(&amp;D)</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>收取情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>File or serial</source>
        <translation>文件或证照编号</translation>
    </message>
    <message>
        <source>Prints</source>
        <translation>打印次数</translation>
    </message>
    <message>
        <source>Accept ma&amp;ke-up…</source>
        <translation>容缺补交(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Reprint…</source>
        <translation>补打(&amp;R)…</translation>
    </message>
    <message>
        <source>D&amp;eliver…</source>
        <translation>领取送达(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Void…</source>
        <translation>作废(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Correct applicant data…</source>
        <translation>更正申请人信息(&amp;C)…</translation>
    </message>
    <message>
        <source>E&amp;xtend deadline…</source>
        <translation>延期办理(&amp;X)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CollectorBox</name>
    <message>
        <source>&amp;Applicant</source>
        <translation>申请人(&amp;A)</translation>
    </message>
    <message>
        <source>A&amp;gent</source>
        <translation>代理人(&amp;G)</translation>
    </message>
    <message>
        <source>Collected by:</source>
        <translation>领取人：</translation>
    </message>
    <message>
        <source>Name on the case:</source>
        <translation>办件登记姓名：</translation>
    </message>
    <message>
        <source>&amp;ID number shown:</source>
        <translation>出示证件号码(&amp;I)：</translation>
    </message>
    <message>
        <source>Type or read the ID card number</source>
        <translation>输入或读取身份证件号码</translation>
    </message>
</context>
<context>
    <name>CompanyFields</name>
    <message>
        <source>Company &amp;name</source>
        <translation>企业名称(&amp;N)</translation>
    </message>
    <message>
        <source>Cre&amp;dit code</source>
        <translation>信用代码(&amp;D)</translation>
    </message>
    <message>
        <source>Le&amp;gal rep.</source>
        <translation>法定代表人(&amp;G)</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>联系电话(&amp;H)</translation>
    </message>
    <message>
        <source>Addr&amp;ess</source>
        <translation>地址(&amp;E)</translation>
    </message>
    <message>
        <source>18-character unified social credit code</source>
        <translation>18 位统一社会信用代码</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct applicant data of {number}</source>
        <translation>更正申请人信息 {number}</translation>
    </message>
    <message>
        <source>Correct and resubmit {number}</source>
        <translation>更正并重新报送 {number}</translation>
    </message>
    <message>
        <source>Refused: {why}</source>
        <translation>平台退回：{why}</translation>
    </message>
    <message>
        <source>Credit code:</source>
        <translation>统一社会信用代码：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>证件号码：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名/名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Legal representative:</source>
        <translation>法定代表人(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>联系电话(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>A&amp;gent:</source>
        <translation>代理人(&amp;G)：</translation>
    </message>
    <message>
        <source>Agent ID number:</source>
        <translation>代理人证件号码：</translation>
    </message>
    <message>
        <source>Agent p&amp;hone:</source>
        <translation>代理人电话(&amp;H)：</translation>
    </message>
    <message>
        <source>ID numbers are shown masked; type a new number only to correct it.</source>
        <translation>证件号码以脱敏方式显示；仅在需要更正时输入新号码。</translation>
    </message>
    <message>
        <source>The platform refused this intake: {why}. Correct what it names; the case goes again under the same acceptance number.</source>
        <translation>平台退回了此受理：{why}。请更正退回原因所指的信息；办件将以原受理编号重新报送。</translation>
    </message>
    <message>
        <source>Platform&apos;s words: {reason}</source>
        <translation>平台原文：{reason}</translation>
    </message>
    <message>
        <source>It names no field here; leave the data as it is if only the platform was at fault.</source>
        <translation>退回原因未指明此处的信息项；如问题仅在平台一方，可不作修改。</translation>
    </message>
</context>
<context>
    <name>DayCloseDialog</name>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Unsent items go out with the next sync: use Sync now (F9) in the main window, then Refresh. Items refused by the platform are resolved from the dead-letter list.</source>
        <translation>未上传的数据将在下次同步时上传：请在主窗口使用“立即同步”（F9），然后刷新。被平台拒收的数据请在上传失败列表中处理。</translation>
    </message>
    <message>
        <source>Close &amp;anyway, with a reason (supervisor override)</source>
        <translation>仍然日结，须填写原因（负责人强制日结）(&amp;A)</translation>
    </message>
    <message>
        <source>Why the day is closed with items not confirmed (at least {min} characters)</source>
        <translation>有数据未经平台确认仍日结的原因（至少 {min} 个字）</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已日结</translation>
    </message>
    <message>
        <source>&amp;Print report…</source>
        <translation>打印日报(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Open report</source>
        <translation>打开日报(&amp;O)</translation>
    </message>
    <message>
        <source>Re&amp;open…</source>
        <translation>重新开放(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Close the day</source>
        <translation>日结(&amp;C)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>原因(&amp;E)：</translation>
    </message>
    <message>
        <source>Cases taken in: {cases}    Confirmed by the platform: {confirmed}    Unsent: {unsent}    Refused: {refused}    Later changes not confirmed: {later}</source>
        <translation>当日受理：{cases} 件    平台已确认：{confirmed} 件    未上传：{unsent} 件    平台拒收：{refused} 件    后续变更未确认：{later} 条</translation>
    </message>
    <message>
        <source>{day} is closed.</source>
        <translation>{day} 已日结。</translation>
    </message>
    <message>
        <source>Closed by {name} at {time}.</source>
        <translation>日结人：{name}，日结时间：{time}。</translation>
    </message>
    <message>
        <source>At closing: {cases} cases, {confirmed} confirmed, {unconfirmed} not.</source>
        <translation>日结时：受理 {cases} 件，平台已确认 {confirmed} 件，未确认 {unconfirmed} 件。</translation>
    </message>
    <message>
        <source>Closed anyway: {reason}</source>
        <translation>强制日结原因：{reason}</translation>
    </message>
    <message>
        <source>Daily report: {file}</source>
        <translation>日报：{file}</translation>
    </message>
    <message>
        <source>The daily report was not written.</source>
        <translation>日报未生成。</translation>
    </message>
    <message>
        <source>Every case of {day} is confirmed by the platform; the day can be closed.</source>
        <translation>{day} 受理的办件均已经平台确认，可以日结。</translation>
    </message>
    <message>
        <source>{count} items of {day} are not confirmed by the platform.</source>
        <translation>{day} 有 {count} 条数据未经平台确认。</translation>
    </message>
    <message>
        <source>Day closed: {day}.</source>
        <translation>已日结：{day}。</translation>
    </message>
    <message>
        <source>The daily report could not be written: {error}</source>
        <translation>日报未能生成：{error}</translation>
    </message>
    <message>
        <source>Reopen {day}</source>
        <translation>重新开放 {day}</translation>
    </message>
    <message>
        <source>Why is the day reopened? The reason is kept in the audit log.</source>
        <translation>为何重新开放该日？原因将记入审计日志。</translation>
    </message>
    <message>
        <source>{day} reopened.</source>
        <translation>{day} 已重新开放。</translation>
    </message>
    <message>
        <source>The daily report cannot be read: {error}</source>
        <translation>无法读取日报：{error}</translation>
    </message>
</context>
<context>
    <name>DeadLettersDialog</name>
    <message>
        <source>Nothing was refused.</source>
        <translation>没有被平台退回的数据。</translation>
    </message>
    <message>
        <source>Resubmit {number}</source>
        <translation>重新报送 {number}</translation>
    </message>
    <message>
        <source>The corrected intake goes to the platform under the same acceptance number. What was corrected, and why?</source>
        <translation>更正后的受理将以原受理编号报送平台。请说明更正了什么、原因是什么：</translation>
    </message>
    <message>
        <source>Corrected and queued to be sent again; the acceptance number {number} stays.</source>
        <translation>已更正并排队重新报送；受理编号 {number} 保持不变。</translation>
    </message>
    <message>
        <source>Resend to the platform</source>
        <translation>重新报送平台</translation>
    </message>
    <message>
        <source>The platform refused it: {reason}. What was put right?</source>
        <translation>平台退回原因：{reason}。请说明已作何处理：</translation>
    </message>
    <message>
        <source>Queued to be sent again.</source>
        <translation>已列入待报送队列。</translation>
    </message>
    <message>
        <source>Close without sending</source>
        <translation>不再报送并关闭</translation>
    </message>
    <message>
        <source>The item stays on record but is never sent. Why is it closed?</source>
        <translation>该条数据保留备查，但不再报送。请说明关闭原因：</translation>
    </message>
    <message>
        <source>Closed; it stays on record.</source>
        <translation>已关闭，数据保留备查。</translation>
    </message>
    <message>
        <source>Refused by the platform</source>
        <translation>平台退回数据</translation>
    </message>
    <message>
        <source>The platform refused these items for good. Correct a refused intake and resubmit it, resend an item once the cause is put right, or close it with a reason; nothing is deleted.</source>
        <translation>以下数据已被平台最终退回。被退回的受理可更正后重新报送；其他数据在原因排除后可重新发送，或填写原因后关闭。任何数据都不会被删除。</translation>
    </message>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Platform&apos;s reason</source>
        <translation>平台退回原因</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Correct and re&amp;submit…</source>
        <translation>更正并重新报送(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Resend…</source>
        <translation>重新报送(&amp;R)…</translation>
    </message>
    <message>
        <source>C&amp;lose…</source>
        <translation>关闭(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>完成(&amp;D)</translation>
    </message>
</context>
<context>
    <name>DeadlineStatus</name>
    <message>
        <source>Overdue {overdue} · due soon {soon}</source>
        <translation>超期 {overdue} 件 · 临期 {soon} 件</translation>
    </message>
</context>
<context>
    <name>DeliverDialog</name>
    <message>
        <source>Deliver {number}</source>
        <translation>领取送达 {number}</translation>
    </message>
    <message>
        <source>&amp;Record delivery</source>
        <translation>登记领取(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DocumentPrinter</name>
    <message>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>the document cannot be read: {error}</source>
        <translation>文档无法读取：{error}</translation>
    </message>
    <message>
        <source>the document has no pages</source>
        <translation>文档没有页面</translation>
    </message>
    <message>
        <source>the printer could not start the job</source>
        <translation>打印机无法开始打印任务</translation>
    </message>
    <message>
        <source>the printer could not start a new page</source>
        <translation>打印机无法换页</translation>
    </message>
    <message>
        <source>the printer reported an error; the job did not finish</source>
        <translation>打印机报告错误，打印任务未完成</translation>
    </message>
    <message>
        <source>This computer has no printer.</source>
        <translation>本机没有可用的打印机。</translation>
    </message>
    <message>
        <source>Cannot print</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <source>{problem}

The case is saved and not affected. You can save the document as a PDF to print later or give to the applicant.</source>
        <translation>{problem}

案件已保存，不受影响。可以将文档另存为 PDF，稍后打印或交给申请人。</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>The PDF could not be saved to {path}: {error}</source>
        <translation>PDF 未能保存到 {path}：{error}</translation>
    </message>
    <message>
        <source>No printer was chosen.</source>
        <translation>没有选择打印机。</translation>
    </message>
    <message>
        <source>Printer {name} cannot be found.</source>
        <translation>找不到打印机“{name}”。</translation>
    </message>
    <message>
        <source>Printer {name} is offline or in error: check its power, paper and cable.</source>
        <translation>打印机“{name}”脱机或出错，请检查电源、纸张和连接线。</translation>
    </message>
</context>
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>Please choose one of the five ratings.</source>
        <translation>请从五个评价等级中选择一项。</translation>
    </message>
    <message>
        <source>Rate our service</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <source>Please rate our service</source>
        <translation>请您对本次服务作出评价</translation>
    </message>
    <message>
        <source>{visit} · case {number} · served by {clerk}</source>
        <translation>{visit} · 办件 {number} · 窗口人员 {clerk}</translation>
    </message>
    <message>
        <source>Please tell us what was wrong (required):</source>
        <translation>请告诉我们不满意的原因（必填）：</translation>
    </message>
    <message>
        <source>Type the reason, then Enter</source>
        <translation>请输入原因，按回车提交</translation>
    </message>
    <message>
        <source>Submit (Enter)</source>
        <translation>提交评价（回车）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Thank you! Your rating “{level}” was recorded.</source>
        <translation>感谢您的评价！已记录“{level}”。</translation>
    </message>
    <message>
        <source>This visit has already been rated (“{level}”). Each visit is rated once.</source>
        <translation>本次办事已评价过（“{level}”）。每次办事只评价一次。</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <source>Extend the deadline of {number}</source>
        <translation>延期办理 {number}</translation>
    </message>
    <message>
        <source>Current promised date:</source>
        <translation>原承诺办结日期：</translation>
    </message>
    <message>
        <source>&amp;New promised date:</source>
        <translation>新承诺办结日期(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>FollowUpsDialog</name>
    <message>
        <source>Low ratings to follow up</source>
        <translation>待回访的差评</translation>
    </message>
    <message>
        <source>{count} open</source>
        <translation>待回访 {count} 条</translation>
    </message>
    <message>
        <source>No low rating is waiting for a follow-up.</source>
        <translation>没有待回访的差评。</translation>
    </message>
    <message>
        <source>Case {number}, rated “{level}”: {reason}</source>
        <translation>办件 {number}，评价“{level}”：{reason}</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>窗口人员</translation>
    </message>
    <message>
        <source>When</source>
        <translation>评价时间</translation>
    </message>
    <message>
        <source>Record &amp;follow-up…</source>
        <translation>登记回访(&amp;F)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Intake</name>
    <message>
        <source>Acceptance no.: {number}</source>
        <translation>受理编号：{number}</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>办件状态：{state}</translation>
    </message>
    <message>
        <source>Promised date: {date}</source>
        <translation>承诺办结日期：{date}</translation>
    </message>
    <message>
        <source>(provisional: that year&apos;s holidays are not published yet)</source>
        <translation>（暂定：该年度节假日安排尚未公布）</translation>
    </message>
    <message>
        <source>Materials to be made up by {date}</source>
        <translation>容缺材料须于 {date} 前补齐</translation>
    </message>
    <message>
        <source>Receipt: {path}</source>
        <translation>受理回执：{path}</translation>
    </message>
    <message>
        <source>The case IS recorded, but its receipt could not be written: {error}</source>
        <translation>办件已登记，但受理回执未能生成：{error}</translation>
    </message>
    <message>
        <source>Notice: {path}</source>
        <translation>告知文书：{path}</translation>
    </message>
    <message>
        <source>The case IS recorded, but its notice could not be written: {error}</source>
        <translation>办件已登记，但告知文书未能生成：{error}</translation>
    </message>
    <message>
        <source>Case accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Case accepted with materials pending</source>
        <translation>已容缺受理</translation>
    </message>
    <message>
        <source>Correction requested and recorded</source>
        <translation>已登记一次性告知补正</translation>
    </message>
    <message>
        <source>Refusal recorded</source>
        <translation>已登记不予受理</translation>
    </message>
    <message>
        <source>Not recorded. Please correct the following:</source>
        <translation>未登记。请更正以下内容：</translation>
    </message>
    <message>
        <source>The case was NOT recorded and no receipt was printed.</source>
        <translation>办件未登记，也未打印受理回执。</translation>
    </message>
    <message>
        <source>The form is kept: try again once the problem is solved.</source>
        <translation>已填写的内容保留，问题解决后请重新提交。</translation>
    </message>
    <message>
        <source>The case was NOT recorded: your role may not take in cases.</source>
        <translation>办件未登记：您的角色无权受理办件。</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <source>The service catalog could not be read.</source>
        <translation>无法读取办理事项目录。</translation>
    </message>
    <message>
        <source>Pick the service item first.</source>
        <translation>请先选择办理事项。</translation>
    </message>
    <message>
        <source>Your role does not take in cases; the form is read-only.</source>
        <translation>您的角色不受理办件，本表单为只读。</translation>
    </message>
    <message>
        <source>Asking the platform which documents it already holds…</source>
        <translation>正在向平台查询已有的共享材料…</translation>
    </message>
    <message>
        <source>The platform already holds {count} of these materials: marked as obtained by sharing</source>
        <translation>平台已有 {count} 份材料，已标记为共享获取</translation>
    </message>
    <message>
        <source>The platform holds none of these materials</source>
        <translation>平台暂无本事项的共享材料</translation>
    </message>
    <message>
        <source>no exchange platform configured</source>
        <translation>未配置数据共享交换平台</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>网络不通</translation>
    </message>
    <message>
        <source>the platform refused or did not answer</source>
        <translation>平台拒绝或未应答</translation>
    </message>
    <message>
        <source>unexpected answer</source>
        <translation>平台应答异常</translation>
    </message>
    <message>
        <source>Shared-data lookup could not be made ({why}); mark materials by hand</source>
        <translation>未能查询共享材料（{why}），请人工标记材料</translation>
    </message>
    <message>
        <source>No card on the reader: lay the card on it and read again</source>
        <translation>读卡器上没有证件，请放好身份证后重新读卡</translation>
    </message>
    <message>
        <source>The ID card could not be read: {error}</source>
        <translation>身份证读取失败：{error}</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>Agent&apos;s {label}</source>
        <translation>代办人{label}</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>Legal representative&apos;s name</source>
        <translation>法定代表人姓名</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Space: received / missing · 1 received · 2 shared · 3 pending · 4 waived · 5 missing · 6 needs correction · O: original / copy · + −: copies · F2: edit</source>
        <translation>空格：已收取 / 缺少 · 1 已收取 · 2 共享获取 · 3 容缺后补 · 4 免交 · 5 缺少 · 6 需补正 · O：原件 / 复印件 · + −：份数 · F2：编辑</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>受理(&amp;A)</translation>
    </message>
    <message>
        <source>Accept the case (Enter in the applicant fields, or Ctrl+Enter)</source>
        <translation>受理本件（在申请人信息中按回车，或按 Ctrl+回车）</translation>
    </message>
    <message>
        <source>Accept, materials &amp;pending</source>
        <translation>容缺受理(&amp;P)</translation>
    </message>
    <message>
        <source>Accept with non-key materials to be made up later (not for immediate items)</source>
        <translation>非关键材料暂缺，先行受理、限期补齐（即办件不适用）</translation>
    </message>
    <message>
        <source>Request &amp;correction</source>
        <translation>一次性告知补正(&amp;C)</translation>
    </message>
    <message>
        <source>Tell the applicant everything missing or faulty, at once</source>
        <translation>一次性告知申请人需补齐或补正的全部材料</translation>
    </message>
    <message>
        <source>&amp;Refuse</source>
        <translation>不予受理(&amp;R)</translation>
    </message>
    <message>
        <source>Refuse the application, with a written reason</source>
        <translation>不予受理，并书面说明理由</translation>
    </message>
    <message>
        <source>Clear for&amp;m</source>
        <translation>清空(&amp;M)</translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <source>No service item matches</source>
        <translation>没有匹配的办理事项</translation>
    </message>
    <message>
        <source>This item was withdrawn from the catalog on the exchange platform: pick another item.</source>
        <translation>该事项已在数据共享交换平台上从服务事项目录中撤销，请改选其他事项。</translation>
    </message>
    <message>
        <source>No service item picked yet. Type a code, a name, its pinyin or pinyin initials (e.g. gtgsh).</source>
        <translation>尚未选择办理事项。可输入事项编码、名称、拼音或拼音首字母（如 gtgsh）。</translation>
    </message>
    <message>
        <source>Immediate: decided at the counter</source>
        <translation>即办件：窗口当场办结</translation>
    </message>
    <message>
        <source>Promised in {days} working days: by {due}</source>
        <translation>承诺 {days} 个工作日办结：{due} 前</translation>
    </message>
    <message>
        <source>(provisional)</source>
        <translation>（暂定）</translation>
    </message>
    <message>
        <source>Free of charge</source>
        <translation>不收费</translation>
    </message>
    <message>
        <source>Fee: {fee} yuan</source>
        <translation>收费：{fee} 元</translation>
    </message>
    <message>
        <source>This item was updated on the exchange platform: check its materials again.</source>
        <translation>该事项已在数据共享交换平台上更新，请重新核对申请材料。</translation>
    </message>
    <message>
        <source>Service item: code, name, pinyin or initials (Ctrl+F)</source>
        <translation>办理事项：编码、名称、拼音或首字母（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>This desk is locked</source>
        <translation>本窗口已锁定</translation>
    </message>
    <message>
        <source>{office}, desk {desk}. {name} was signed in. Sign in to go on; another user signing in ends that session.</source>
        <translation>{office}，{desk} 号窗口。此前登录的是{name}。请登录后继续；其他用户登录将结束该用户的会话。</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Counter Desk — sign in</source>
        <translation>一窗受理系统 — 登录</translation>
    </message>
    <message>
        <source>Counter Desk</source>
        <translation>一窗受理系统</translation>
    </message>
    <message>
        <source>{office}, desk {desk}</source>
        <translation>{office} {desk} 号窗口</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Demo users</source>
        <translation>演示用户</translation>
    </message>
    <message>
        <source>This desk runs the demo profile. Sign in as one of these users (double-click a line to fill it in).</source>
        <translation>本窗口运行于演示模式，可使用以下任一用户登录（双击一行即可填入）。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Today&apos;s queue</source>
        <translation>今日办件</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>领取</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Document font</source>
        <translation>文书字体</translation>
    </message>
    <message>
        <source>No Chinese TrueType font was found. Receipts still carry their text, but the PDF viewer or printer must supply the font, so they may print differently. Install WenQuanYi Zen Hei or AR PL UMing, or set font_path in config.toml.</source>
        <translation>未找到可嵌入的中文 TrueType 字体。回执仍包含全部文字，但需由 PDF 阅读器或打印机提供字体，打印效果可能不同。请安装文泉驿正黑或文鼎 PL 明体，或在 config.toml 中设置 font_path。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Counter Desk — {office}</source>
        <translation>一窗受理系统 — {office}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh queue</source>
        <translation>刷新办件列表(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Verify a certificate…</source>
        <translation>核验证照(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Counter Desk…</source>
        <translation>关于一窗受理工作台(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>数据同步(&amp;S)</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Cut the line (demo)</source>
        <translation>断开网络（演示）(&amp;C)</translation>
    </message>
    <message>
        <source>Demo only: disconnect the desk from the demo platform to see cases queue, then reconnect to see them go out</source>
        <translation>仅用于演示：断开本窗口与演示交换平台的连接，可看到办件在本地排队待上传；恢复连接后可看到办件自动上报</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>当前用户：{name}（{role}）</translation>
    </message>
    <message>
        <source>Desk {desk}</source>
        <translation>{desk} 号窗口</translation>
    </message>
    <message>
        <source>Documents: no embeddable Chinese font</source>
        <translation>文书：无可嵌入的中文字体</translation>
    </message>
</context>
<context>
    <name>MakeupDialog</name>
    <message>
        <source>Accept make-up for {number}</source>
        <translation>容缺补交 {number}</translation>
    </message>
    <message>
        <source>Tick the materials the applicant has handed in (Space):</source>
        <translation>请勾选申请人已补交的材料（空格键）：</translation>
    </message>
</context>
<context>
    <name>MaterialsModel</name>
    <message>
        <source>Key</source>
        <translation>关键</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必交</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选交</translation>
    </message>
    <message>
        <source>The platform holds this document: it can be obtained by sharing.</source>
        <translation>共享平台已有此证照，可通过数据共享获取。</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>收取情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source>Original and copy</source>
        <translation>原件及复印件</translation>
    </message>
    <message>
        <source>Electronic</source>
        <translation>电子材料</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <source>Open receipt</source>
        <translation>打开回执</translation>
    </message>
    <message>
        <source>Open notice</source>
        <translation>打开告知书</translation>
    </message>
    <message>
        <source>Prin&amp;t</source>
        <translation>打印(&amp;T)</translation>
    </message>
    <message>
        <source>Evaluate (F7)</source>
        <translation>服务评价（F7）</translation>
    </message>
    <message>
        <source>Turn the rating screen to the applicant</source>
        <translation>请申请人对本次服务作出评价</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Record follow-up</source>
        <translation>登记回访</translation>
    </message>
    <message>
        <source>What was done: who called the applicant, what was explained or put right</source>
        <translation>回访情况：由谁联系申请人，作了哪些解释或整改</translation>
    </message>
</context>
<context>
    <name>PendingDialog</name>
    <message>
        <source>Accept with materials pending</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>Non-key materials marked pending may be made up later. The applicant signs a commitment to bring them by the deadline.</source>
        <translation>标记为“容缺后补”的非关键材料可以后补。申请人须签署承诺书，承诺在补交期限前补齐。</translation>
    </message>
    <message>
        <source>The applicant has signed the commitment</source>
        <translation>申请人已签署承诺书</translation>
    </message>
    <message>
        <source>Make-up &amp;deadline</source>
        <translation>补交期限(&amp;D)</translation>
    </message>
    <message>
        <source>No later than the promised date {due}.</source>
        <translation>不得晚于承诺办结日期 {due}。</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PersonFields</name>
    <message>
        <source>ID number: {problems}</source>
        <translation>证件号码：{problems}</translation>
    </message>
    <message>
        <source>Date of birth {date} · {sex}</source>
        <translation>出生日期 {date} · {sex}</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>ID t&amp;ype</source>
        <translation>证件类型(&amp;Y)</translation>
    </message>
    <message>
        <source>ID n&amp;umber</source>
        <translation>证件号码(&amp;U)</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>联系电话(&amp;H)</translation>
    </message>
    <message>
        <source>Addr&amp;ess</source>
        <translation>地址(&amp;E)</translation>
    </message>
    <message>
        <source>18 characters for an ID card</source>
        <translation>身份证号码为 18 位</translation>
    </message>
    <message>
        <source>Mobile or landline</source>
        <translation>手机或固定电话</translation>
    </message>
</context>
<context>
    <name>PickupPage</name>
    <message>
        <source>This case cannot be collected now: it is {state}.</source>
        <translation>该办件现在不能领取：当前状态为{state}。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>printed {n}×</source>
        <translation>已打印 {n} 次</translation>
    </message>
    <message>
        <source>not printed yet</source>
        <translation>尚未打印</translation>
    </message>
    <message>
        <source>{number} delivered to {name} ({id}). Next citizen, please.</source>
        <translation>{number} 已送达 {name}（{id}）。请下一位。</translation>
    </message>
    <message>
        <source>Acceptance &amp;no.:</source>
        <translation>受理编号(&amp;N)：</translation>
    </message>
    <message>
        <source>Scan the receipt or type the number, then Enter</source>
        <translation>扫描受理回执或输入受理编号，按回车</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Number and item:</source>
        <translation>编号与事项：</translation>
    </message>
    <message>
        <source>Applicant:</source>
        <translation>申请人：</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>代理人：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Certificates:</source>
        <translation>证照：</translation>
    </message>
    <message>
        <source>Identity check</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <source>&amp;Print certificate (Ctrl+P)</source>
        <translation>打印证照(&amp;P)（Ctrl+P）</translation>
    </message>
    <message>
        <source>&amp;Record delivery (Enter)</source>
        <translation>登记领取(&amp;R)（回车）</translation>
    </message>
    <message>
        <source>Evaluate (F7)</source>
        <translation>服务评价（F7）</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Overdue: it was due on {date}</source>
        <translation>已超期：承诺办结日为 {date}</translation>
    </message>
    <message>
        <source>Overdue by 1 working day</source>
        <translation>已超期 1 个工作日</translation>
    </message>
    <message>
        <source>Overdue by {count} working days</source>
        <translation>已超期 {count} 个工作日</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>Due in 1 working day</source>
        <translation>还剩 1 个工作日到期</translation>
    </message>
    <message>
        <source>Due in {count} working days</source>
        <translation>还剩 {count} 个工作日到期</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <source>All clerks</source>
        <translation>全部经办人</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>我</translation>
    </message>
    <message>
        <source>{count} of {total} cases</source>
        <translation>{count} 件（共 {total} 件）</translation>
    </message>
    <message>
        <source>{count} cases</source>
        <translation>共 {count} 件</translation>
    </message>
    <message>
        <source>Today&apos;s queue</source>
        <translation>今日办件</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read today&apos;s cases again (F5)</source>
        <translation>重新读取今日办件（F5）</translation>
    </message>
    <message>
        <source>No., name or ID last 4 (Ctrl+F)</source>
        <translation>受理编号/姓名/证件后4位（Ctrl+F）</translation>
    </message>
    <message>
        <source>Type an acceptance number or its last digits, part of the applicant&apos;s name, or an ID number: the whole number or its last four characters. Esc clears.</source>
        <translation>输入受理编号或其末几位、申请人姓名中的字，或证件号码（完整号码或后 4 位）。按 Esc 清除。</translation>
    </message>
    <message>
        <source>Show only cases in this state</source>
        <translation>只显示处于该状态的办件</translation>
    </message>
    <message>
        <source>Show only cases of this service item</source>
        <translation>只显示该事项的办件</translation>
    </message>
    <message>
        <source>Show only cases taken in by this clerk</source>
        <translation>只显示该经办人受理的办件</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Refuse the application</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Reason for refusing (it is printed on the notice to the applicant):</source>
        <translation>不予受理的理由（将打印在告知书上）：</translation>
    </message>
    <message>
        <source>Request correction</source>
        <translation>一次性告知补正</translation>
    </message>
    <message>
        <source>Note for the correction notice (optional); every missing or faulty material is listed on it anyway:</source>
        <translation>补正告知书备注（选填）；缺少或需补正的材料都会自动列明：</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>e.g. the applicant lost it; printer jam</source>
        <translation>例如：申请人遗失；打印机卡纸</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>Desk {desk}&apos;s case: read-only here</source>
        <translation>{desk} 号窗口的办件：本窗口只读</translation>
    </message>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>All desks</source>
        <translation>全部窗口</translation>
    </message>
    <message>
        <source>Desk {desk}</source>
        <translation>{desk} 号窗口</translation>
    </message>
    <message>
        <source>All clerks</source>
        <translation>全部经办人</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>{count} cases</source>
        <translation>共 {count} 件</translation>
    </message>
    <message>
        <source>{shown} of {count} cases</source>
        <translation>{shown} 件（共 {count} 件）</translation>
    </message>
    <message>
        <source>Overdue {overdue} · due soon {soon}</source>
        <translation>超期 {overdue} 件 · 临期 {soon} 件</translation>
    </message>
    <message>
        <source>The office&apos;s day</source>
        <translation>全厅当日办件</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Day close…</source>
        <translation>日结…</translation>
    </message>
    <message>
        <source>Refused by the platform…</source>
        <translation>平台拒收…</translation>
    </message>
    <message>
        <source>Low ratings to follow up…</source>
        <translation>差评回访…</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>{hours:.1f} h ({days:.1f} working days)</source>
        <translation>{hours:.1f} 小时（{days:.1f} 个工作日）</translation>
    </message>
    <message>
        <source>{average:.2f} (rated {count}×)</source>
        <translation>{average:.2f}（{count} 条评价）</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>办件量</translation>
    </message>
    <message>
        <source>Cases by service item (top {n})</source>
        <translation>按服务事项统计办件量（前{n}项）</translation>
    </message>
    <message>
        <source>Cases by outcome</source>
        <translation>按办理结果统计</translation>
    </message>
    <message>
        <source>Cases by clerk</source>
        <translation>按经办人统计办件量</translation>
    </message>
    <message>
        <source>Cases by department</source>
        <translation>按部门统计办件量</translation>
    </message>
    <message>
        <source>Ratings by level</source>
        <translation>好差评等级分布</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>评价数</translation>
    </message>
    <message>
        <source>statistics</source>
        <translation>办件统计</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, opens in Excel (*.csv)</source>
        <translation>CSV 文件，可用 Excel 打开 (*.csv)</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>导出统计</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>统计期间(&amp;P)：</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义期间</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Export &amp;CSV</source>
        <translation>导出 CSV(&amp;C)</translation>
    </message>
    <message>
        <source>Export &amp;XLSX</source>
        <translation>导出 XLSX(&amp;X)</translation>
    </message>
    <message>
        <source>Cases taken in</source>
        <translation>受理办件</translation>
    </message>
    <message>
        <source>Correction rate</source>
        <translation>补正率</translation>
    </message>
    <message>
        <source>Refusal rate</source>
        <translation>不予受理率</translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <source>Average time to result</source>
        <translation>平均办理时长</translation>
    </message>
    <message>
        <source>Average rating (of 5)</source>
        <translation>平均评价（满分5）</translation>
    </message>
</context>
<context>
    <name>SupervisorCaseActions</name>
    <message>
        <source>Correct applicant data of {number}</source>
        <translation>更正申请人信息 {number}</translation>
    </message>
    <message>
        <source>The platform is told of the correction. Why is the data corrected?</source>
        <translation>更正将报送平台。请说明更正申请人信息的原因：</translation>
    </message>
    <message>
        <source>The applicant data is corrected.</source>
        <translation>申请人信息已更正。</translation>
    </message>
    <message>
        <source>Accept make-up for {number}</source>
        <translation>容缺补交 {number}</translation>
    </message>
    <message>
        <source>Note how the materials were handed in (e.g. applicant came to the counter):</source>
        <translation>请说明材料补交情况（如申请人到窗口补交）：</translation>
    </message>
    <message>
        <source>All materials are in; the case is accepted.</source>
        <translation>材料已全部补齐，办件已受理。</translation>
    </message>
    <message>
        <source>Make-up recorded; {n} material(s) still pending.</source>
        <translation>补交已登记，尚有 {n} 项材料待补。</translation>
    </message>
    <message>
        <source>Extend the deadline of {number}</source>
        <translation>延期办理 {number}</translation>
    </message>
    <message>
        <source>The reason is printed on the extension notice. Why is more time needed?</source>
        <translation>延期理由将打印在延期办理通知书上。请说明需要延期的原因：</translation>
    </message>
    <message>
        <source>The promised date is now {date}.</source>
        <translation>承诺办结日期已延至 {date}。</translation>
    </message>
    <message>
        <source>The extension notice is printed.</source>
        <translation>延期办理通知书已打印。</translation>
    </message>
    <message>
        <source>The extension notice was not printed; it is saved as {path}.</source>
        <translation>延期办理通知书未打印，已保存为 {path}。</translation>
    </message>
</context>
<context>
    <name>SupervisorTools</name>
    <message>
        <source>S&amp;upervisor</source>
        <translation>督办(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Day close…</source>
        <translation>日结(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Refused by the platform…</source>
        <translation>平台拒收(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Low ratings to follow up…</source>
        <translation>差评回访(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Sync off</source>
        <translation>未开启数据交换</translation>
    </message>
    <message>
        <source>No exchange platform is configured for this desk: cases stay on the desk (set exchange_url and exchange_token).</source>
        <translation>本窗口未配置数据共享交换平台，办件仅保存在本机（请设置 exchange_url 和 exchange_token）。</translation>
    </message>
    <message>
        <source>Demo platform did not start</source>
        <translation>演示平台未能启动</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Unstable connection</source>
        <translation>连接不稳定</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Certificate problem</source>
        <translation>证书有误</translation>
    </message>
    <message>
        <source>(syncing…)</source>
        <translation>（同步中…）</translation>
    </message>
    <message>
        <source>Waiting for the first sync with the exchange platform</source>
        <translation>正在等待与交换平台的首次同步</translation>
    </message>
    <message>
        <source>To upload: {count}</source>
        <translation>待上传 {count}</translation>
    </message>
    <message>
        <source>{count} refused</source>
        <translation>{count} 件被拒收</translation>
    </message>
    <message>
        <source>Audit chain mismatch</source>
        <translation>审计链不一致</translation>
    </message>
    <message>
        <source>Last sync {time}</source>
        <translation>上次同步 {time}</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Retry at {time}</source>
        <translation>下次重试 {time}</translation>
    </message>
    <message>
        <source>The platform&apos;s certificate has expired</source>
        <translation>平台证书已过期</translation>
    </message>
    <message>
        <source>The platform&apos;s certificate is not valid yet: check this computer&apos;s clock</source>
        <translation>平台证书尚未生效：请检查本机时间</translation>
    </message>
    <message>
        <source>The platform&apos;s certificate is for another address</source>
        <translation>平台证书与平台地址不符</translation>
    </message>
    <message>
        <source>The platform&apos;s certificate is not trusted: check exchange_ca_file</source>
        <translation>平台证书不受信任：请检查 exchange_ca_file</translation>
    </message>
    <message>
        <source>The platform asks for this desk&apos;s certificate: set exchange_client_cert</source>
        <translation>平台要求本窗口的客户端证书：请设置 exchange_client_cert</translation>
    </message>
    <message>
        <source>The platform refused this desk&apos;s certificate</source>
        <translation>平台拒绝了本窗口的客户端证书</translation>
    </message>
    <message>
        <source>This desk&apos;s certificate or key cannot be read</source>
        <translation>无法读取本窗口的客户端证书或私钥</translation>
    </message>
    <message>
        <source>The secure connection to the platform failed</source>
        <translation>与平台的安全连接失败</translation>
    </message>
    <message>
        <source>Exchange platform sync</source>
        <translation>与数据共享交换平台同步</translation>
    </message>
    <message>
        <source>{count} items were refused by the platform; a supervisor must look at them.</source>
        <translation>有 {count} 件被交换平台拒收，需由窗口负责人核查处理。</translation>
    </message>
    <message>
        <source>The platform reports that this desk&apos;s audit log differs from what it received before.</source>
        <translation>交换平台报告：本窗口的审计日志与此前上报的记录不一致。</translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation>最近一次错误：{error}</translation>
    </message>
    <message>
        <source>Sync now: F9</source>
        <translation>立即同步：F9</translation>
    </message>
</context>
<context>
    <name>UnconfirmedModel</name>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Next try</source>
        <translation>下次重试</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情（平台原因）</translation>
    </message>
    <message>
        <source>Unsent</source>
        <translation>未上传</translation>
    </message>
    <message>
        <source>Refused by platform</source>
        <translation>平台拒收</translation>
    </message>
    <message>
        <source>never (refused)</source>
        <translation>不再重试（已拒收）</translation>
    </message>
    <message>
        <source>next sync</source>
        <translation>下次同步</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a certificate</source>
        <translation>核验证照</translation>
    </message>
    <message>
        <source>Scan the QR code on the certificate into the box, or open a photo or scan of it. The signature is checked offline against the platform keys this desk trusts.</source>
        <translation>将证照上的二维码扫入下框，或打开二维码的照片或扫描件。系统使用本窗口信任的平台公钥离线验证签名。</translation>
    </message>
    <message>
        <source>Scanned QR payload</source>
        <translation>扫码所得的二维码内容</translation>
    </message>
    <message>
        <source>Open &amp;image…</source>
        <translation>打开图片(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>核验(&amp;V)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>This desk has no platform keys yet: sync once to fetch them.</source>
        <translation>本窗口尚无平台公钥：请先同步一次以获取。</translation>
    </message>
    <message>
        <source>Open an image of the QR code</source>
        <translation>打开二维码图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <source>No QR code was found in {file}.</source>
        <translation>在 {file} 中未找到二维码。</translation>
    </message>
    <message>
        <source>Valid: signed by the platform and unchanged since.</source>
        <translation>有效：由平台签发，签发后未被改动。</translation>
    </message>
    <message>
        <source>Tampered: the data or the signature was changed after signing. Do not trust this certificate.</source>
        <translation>已被篡改：数据或签名在签发后被改动，请勿采信此证照。</translation>
    </message>
    <message>
        <source>Unknown key: signed with key {key}, which this desk does not trust.</source>
        <translation>未知公钥：签名所用公钥 {key} 不在本窗口信任的公钥中，无法核验。</translation>
    </message>
    <message>
        <source>Not a certificate payload.</source>
        <translation>不是证照数据。</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>证照编号</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证照名称</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持证人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>发证部门</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>发证时间</translation>
    </message>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>wrong user name or password</source>
        <translation>用户名或密码错误</translation>
    </message>
    <message>
        <source>{user} ({role}) may not {action}; this needs the role {allowed}</source>
        <translation>{user}（{role}）无权执行 {action}，需要以下角色：{allowed}</translation>
    </message>
    <message>
        <source>users already exist: an administrator must add new ones</source>
        <translation>已有用户，新用户须由管理员添加</translation>
    </message>
    <message>
        <source>too many wrong passwords; the account is locked for {minutes} minutes</source>
        <translation>密码错误次数过多，账户已锁定 {minutes} 分钟</translation>
    </message>
    <message>
        <source>the database is locked by another program; try again in a moment</source>
        <translation>数据库正被其他程序占用，请稍后重试</translation>
    </message>
    <message>
        <source>the database is busy; try again in a moment</source>
        <translation>数据库繁忙，请稍后重试</translation>
    </message>
    <message>
        <source>the database is read-only; check the data folder&apos;s permissions</source>
        <translation>数据库为只读，请检查数据目录的权限</translation>
    </message>
    <message>
        <source>the disk is full; free some space</source>
        <translation>磁盘已满，请清理空间</translation>
    </message>
    <message>
        <source>the disk reported an I/O error</source>
        <translation>磁盘读写出错</translation>
    </message>
    <message>
        <source>the database file is damaged; restore it from a backup</source>
        <translation>数据库文件已损坏，请从备份恢复</translation>
    </message>
    <message>
        <source>the file is not a Counter Desk database</source>
        <translation>该文件不是本系统的数据库</translation>
    </message>
    <message>
        <source>the database file cannot be opened</source>
        <translation>无法打开数据库文件</translation>
    </message>
    <message>
        <source>the account is locked; try again in {minutes} minutes</source>
        <translation>账户已锁定，请 {minutes} 分钟后再试</translation>
    </message>
    <message>
        <source>a case that is {current} cannot become {target}</source>
        <translation>状态为 {current} 的办件不能变为 {target}</translation>
    </message>
    <message>
        <source>no certificate {serial}</source>
        <translation>没有编号为 {serial} 的证照</translation>
    </message>
    <message>
        <source>no case with id {case_id}</source>
        <translation>没有标识为 {case_id} 的办件</translation>
    </message>
    <message>
        <source>No ID card reader is connected.</source>
        <translation>未连接身份证读卡器。</translation>
    </message>
    <message>
        <source>no case has the acceptance number {number}</source>
        <translation>没有受理编号为 {number} 的办件</translation>
    </message>
    <message>
        <source>the day {day} is closed; a supervisor must reopen it</source>
        <translation>{day} 已日结；须由负责人重新开放</translation>
    </message>
    <message>
        <source>{count} cases of {day} are not confirmed by the platform: {unsent} unsent, {refused} refused; and {later} later changes are not confirmed</source>
        <translation>{day} 有 {count} 件办件未经平台确认：未上传 {unsent} 件，平台拒收 {refused} 件；另有 {later} 条后续变更未确认</translation>
    </message>
    <message>
        <source>{count} cases of {day} are not confirmed by the platform: {unsent} unsent, {refused} refused</source>
        <translation>{day} 有 {count} 件办件未经平台确认：未上传 {unsent} 件，平台拒收 {refused} 件</translation>
    </message>
    <message>
        <source>{later} changes of {day} are not confirmed by the platform</source>
        <translation>{day} 有 {later} 条变更未经平台确认</translation>
    </message>
    <message>
        <source>the day {day} has not begun; it cannot be closed</source>
        <translation>{day} 尚未到来，不能日结</translation>
    </message>
    <message>
        <source>the day {day} is already closed (by {name})</source>
        <translation>{day} 已日结（日结人：{name}）</translation>
    </message>
    <message>
        <source>the day {day} is not closed</source>
        <translation>{day} 未日结</translation>
    </message>
    <message>
        <source>no outbox item with id {item_id}</source>
        <translation>没有编号为 {item_id} 的待报送数据</translation>
    </message>
    <message>
        <source>no evaluation with id {evaluation_id}</source>
        <translation>没有编号为 {evaluation_id} 的评价</translation>
    </message>
    <message>
        <source>could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>{folder} cannot be written by this user; give it write permission there, or set COUNTER_DESK_HOME to a folder it can write</source>
        <translation>当前用户无法写入 {folder}；请给该用户写权限，或将 COUNTER_DESK_HOME 设为它可写的目录</translation>
    </message>
    <message>
        <source>{path} is read-only; give this user write permission on it</source>
        <translation>{path} 为只读；请给当前用户写权限</translation>
    </message>
    <message>
        <source>{folder} is not a folder; set COUNTER_DESK_HOME to the desk&apos;s data folder</source>
        <translation>{folder} 不是目录；请将 COUNTER_DESK_HOME 设为本窗口的数据目录</translation>
    </message>
    <message>
        <source>{marker} is damaged; if {path} is this desk&apos;s own store, delete {marker} and the desk writes it again</source>
        <translation>{marker} 已损坏；如果 {path} 确是本窗口自己的数据库，删除 {marker}，本窗口会重新写入</translation>
    </message>
    <message>
        <source>{path} is missing, but this folder held the store of desk {desk} ({marker}); restore its latest backup with: {hint}</source>
        <translation>{path} 不见了，但此目录存放过窗口 {desk} 的数据库（{marker}）；请用以下命令恢复其最新备份：{hint}</translation>
    </message>
    <message>
        <source>{path} is empty, but this folder held the store of desk {desk} ({marker}); restore its latest backup with: {hint}</source>
        <translation>{path} 是空的，但此目录存放过窗口 {desk} 的数据库（{marker}）；请用以下命令恢复其最新备份：{hint}</translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes) and is not replaced by a new store; restore the desk&apos;s latest backup with: {hint}, or delete the file to start a new desk</source>
        <translation>{path} 是空文件（0 字节），不会用新数据库替换；请用以下命令恢复本窗口的最新备份：{hint}，或删除该文件以新建窗口</translation>
    </message>
    <message>
        <source>{path} is missing but its journal {journal} is there; restore the desk&apos;s latest backup with: {hint}</source>
        <translation>{path} 不见了，但其日志文件 {journal} 还在；请用以下命令恢复本窗口的最新备份：{hint}</translation>
    </message>
    <message>
        <source>{path} is not a Counter Desk database (overwritten or damaged); restore the desk&apos;s latest backup with: {hint}</source>
        <translation>{path} 不是本系统的数据库（已被覆盖或损坏）；请用以下命令恢复本窗口的最新备份：{hint}</translation>
    </message>
    <message>
        <source>{path} is damaged ({reason}); restore the desk&apos;s latest backup with: {hint}</source>
        <translation>{path} 已损坏（{reason}）；请用以下命令恢复本窗口的最新备份：{hint}</translation>
    </message>
    <message>
        <source>{path} is not the store this folder held (desk {desk}, {marker}); put that store back, or restore its latest backup with: {hint}</source>
        <translation>{path} 不是此目录原有的数据库（窗口 {desk}，{marker}）；请放回原数据库，或用以下命令恢复其最新备份：{hint}</translation>
    </message>
    <message>
        <source>{path} cannot be opened: {reason}</source>
        <translation>无法打开 {path}：{reason}</translation>
    </message>
    <message>
        <source>{backup} is a backup of desk {found}, not of this desk {desk}; add --other-desk to restore it here all the same</source>
        <translation>{backup} 是窗口 {found} 的备份，不是本窗口 {desk} 的；确要在此恢复，请加 --other-desk</translation>
    </message>
    <message>
        <source>{backup} is a backup of another store than this folder held ({marker} names {store_id}); add --other-desk to restore it here all the same</source>
        <translation>{backup} 不是此目录原有数据库的备份（{marker} 记录的是 {store_id}）；确要在此恢复，请加 --other-desk</translation>
    </message>
    <message>
        <source>{path} is open in a running Counter Desk; close it, then restore</source>
        <translation>{path} 正被运行中的本系统使用；请先关闭，再恢复</translation>
    </message>
    <message>
        <source>{path} is sound; restoring {backup} would lose what was recorded since that backup: add --replace to restore over it</source>
        <translation>{path} 完好；恢复 {backup} 会丢失该备份之后的记录：确要覆盖恢复，请加 --replace</translation>
    </message>
    <message>
        <source>{backup} is not a sound Counter Desk backup ({reason}); choose a file written by counter-desk backup</source>
        <translation>{backup} 不是完好的本系统备份（{reason}）；请选择 counter-desk backup 写出的文件</translation>
    </message>
    <message>
        <source>{backup} was written by a newer Counter Desk (schema {revision}); install that version, then restore</source>
        <translation>{backup} 由更新版本的本系统写出（数据结构 {revision}）；请先安装该版本，再恢复</translation>
    </message>
    <message>
        <source>{path} is not text (byte {offset} is not UTF-8); write it again as UTF-8 TOML, or restore it from a backup</source>
        <translation>{path} 不是文本文件（第 {offset} 字节不是 UTF-8）；请以 UTF-8 TOML 重新写入，或从备份恢复</translation>
    </message>
    <message>
        <source>{path} is not valid TOML: {reason}; correct that line</source>
        <translation>{path} 不是有效的 TOML：{reason}；请改正该行</translation>
    </message>
    <message>
        <source>{path}: unknown settings {names}; correct or remove them</source>
        <translation>{path}：未知的设置项 {names}；请改正或删除</translation>
    </message>
    <message>
        <source>{path}: {where}: {problem}; correct the file and start again</source>
        <translation>{path}：{where}：{problem}；请改正该文件后重新启动</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Accept with materials pending</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>Request correction</source>
        <translation>一次性告知补正</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收取</translation>
    </message>
    <message>
        <source>Obtained by sharing</source>
        <translation>共享获取</translation>
    </message>
    <message>
        <source>Pending make-up</source>
        <translation>容缺后补</translation>
    </message>
    <message>
        <source>Waived</source>
        <translation>免交</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>Needs correction</source>
        <translation>需补正</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Accepted, materials pending</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>Awaiting correction</source>
        <translation>待补正</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已流转</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>审查中</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>审批不通过</translation>
    </message>
    <message>
        <source>Result ready</source>
        <translation>待领取</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已出件</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Acceptance number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Intake date</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Accepted at</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>事项编码</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>承办部门</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>受理决定</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <source>Result at</source>
        <translation>办结时间</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>窗口受理员</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Cases taken in</source>
        <translation>受理办件数</translation>
    </message>
    <message>
        <source>Correction requests</source>
        <translation>一次性告知补正数</translation>
    </message>
    <message>
        <source>Correction rate</source>
        <translation>补正率</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>不予受理数</translation>
    </message>
    <message>
        <source>Refusal rate</source>
        <translation>不予受理率</translation>
    </message>
    <message>
        <source>Results from the departments</source>
        <translation>部门已办结数</translation>
    </message>
    <message>
        <source>Average hours to result</source>
        <translation>平均办理时长（小时）</translation>
    </message>
    <message>
        <source>Average working days to result</source>
        <translation>平均办理时长（工作日）</translation>
    </message>
    <message>
        <source>Decided on time</source>
        <translation>按时办结数</translation>
    </message>
    <message>
        <source>Decided late</source>
        <translation>超期办结数</translation>
    </message>
    <message>
        <source>Open and overdue</source>
        <translation>在办超期数</translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>好差评</translation>
    </message>
    <message>
        <source>Average rating</source>
        <translation>平均评价</translation>
    </message>
    <message>
        <source>Satisfied (4 or 5)</source>
        <translation>满意率（满意及非常满意）</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>By service item</source>
        <translation>按事项</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>按部门</translation>
    </message>
    <message>
        <source>By clerk</source>
        <translation>按经办人</translation>
    </message>
    <message>
        <source>By outcome</source>
        <translation>按办理结果</translation>
    </message>
    <message>
        <source>By intake decision</source>
        <translation>按受理决定</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>窗口负责人</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <source>Mainland Travel Permit for Hong Kong and Macao Residents</source>
        <translation>港澳居民来往内地通行证</translation>
    </message>
    <message>
        <source>Mainland Travel Permit for Taiwan Residents</source>
        <translation>台湾居民来往大陆通行证</translation>
    </message>
    <message>
        <source>Foreign Permanent Resident ID Card</source>
        <translation>外国人永久居留身份证</translation>
    </message>
    <message>
        <source>Residence Permit for Hong Kong, Macao and Taiwan Residents</source>
        <translation>港澳台居民居住证</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>代理人</translation>
    </message>
    <message>
        <source>Acceptance receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Acceptance receipt (80 mm)</source>
        <translation>受理回执（80 毫米）</translation>
    </message>
    <message>
        <source>Notice of materials to correct</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>Notice of refusal</source>
        <translation>不予受理通知书</translation>
    </message>
    <message>
        <source>Notice of acceptance with materials pending</source>
        <translation>容缺受理通知书</translation>
    </message>
    <message>
        <source>Notice of deadline extension</source>
        <translation>延期办理通知书</translation>
    </message>
    <message>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请受理</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>结果领取</translation>
    </message>
    <message>
        <source>Accepted, awaiting result</source>
        <translation>受理在办</translation>
    </message>
    <message>
        <source>Correction requested</source>
        <translation>已告知补正</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>User created</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Platform keys installed</source>
        <translation>安装平台公钥</translation>
    </message>
    <message>
        <source>Intake: accepted</source>
        <translation>受理：予以受理</translation>
    </message>
    <message>
        <source>Intake: accepted, materials pending</source>
        <translation>受理：容缺受理</translation>
    </message>
    <message>
        <source>Intake: correction requested</source>
        <translation>受理：一次性告知补正</translation>
    </message>
    <message>
        <source>Intake: refused</source>
        <translation>受理：不予受理</translation>
    </message>
    <message>
        <source>Applicant data corrected</source>
        <translation>更正申请人信息</translation>
    </message>
    <message>
        <source>Refused intake corrected and resubmitted</source>
        <translation>被退回的受理已更正并重新报送</translation>
    </message>
    <message>
        <source>Materials made up</source>
        <translation>容缺材料补齐</translation>
    </message>
    <message>
        <source>Deadline extended</source>
        <translation>延长办理期限</translation>
    </message>
    <message>
        <source>Certificate printed</source>
        <translation>打印证照</translation>
    </message>
    <message>
        <source>Certificate reprinted</source>
        <translation>补打证照</translation>
    </message>
    <message>
        <source>Document reprinted</source>
        <translation>补打文书</translation>
    </message>
    <message>
        <source>Refused upload sent again</source>
        <translation>重新上传被拒办件</translation>
    </message>
    <message>
        <source>Refused upload closed</source>
        <translation>关闭被拒上传</translation>
    </message>
    <message>
        <source>Service rated</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <source>Low rating followed up</source>
        <translation>差评回访</translation>
    </message>
    <message>
        <source>Day closed</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Day closed with uploads outstanding</source>
        <translation>日结（有未确认上传，强制日结）</translation>
    </message>
    <message>
        <source>Day reopened</source>
        <translation>撤销日结</translation>
    </message>
    <message>
        <source>Case: {state}</source>
        <translation>办件：{state}</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Corrected intake (resubmitted)</source>
        <translation>更正后重新报送的受理</translation>
    </message>
    <message>
        <source>State change</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Correction of applicant data</source>
        <translation>更正申请人信息</translation>
    </message>
    <message>
        <source>Make-up of materials</source>
        <translation>容缺材料补齐</translation>
    </message>
    <message>
        <source>Deadline extension</source>
        <translation>延长办理期限</translation>
    </message>
    <message>
        <source>Service rating</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <source>the ID number fails the platform&apos;s check</source>
        <translation>证件号码未通过平台校验</translation>
    </message>
    <message>
        <source>a masked ID number was sent</source>
        <translation>报送了遮蔽的证件号码</translation>
    </message>
    <message>
        <source>a field is missing or malformed</source>
        <translation>有信息项缺失或格式不符</translation>
    </message>
    <message>
        <source>the platform does not know the service item</source>
        <translation>平台目录中没有该服务事项</translation>
    </message>
    <message>
        <source>sent under another office&apos;s token</source>
        <translation>使用了其他服务中心的令牌报送</translation>
    </message>
    <message>
        <source>sent under another desk&apos;s token</source>
        <translation>使用了其他窗口的令牌报送</translation>
    </message>
    <message>
        <source>the platform holds another intake of this case</source>
        <translation>平台已有该办件的另一份受理</translation>
    </message>
    <message>
        <source>the acceptance number is not one this desk issues</source>
        <translation>受理编号不是本窗口发出的编号</translation>
    </message>
    <message>
        <source>the platform holds another case with this acceptance number</source>
        <translation>平台已有使用该受理编号的另一办件</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>受理决定</translation>
    </message>
    <message>
        <source>Commitment</source>
        <translation>承诺书</translation>
    </message>
    <message>
        <source>Make-up deadline</source>
        <translation>补交期限</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <source>Office code</source>
        <translation>机构代码</translation>
    </message>
    <message>
        <source>Desk code</source>
        <translation>窗口号</translation>
    </message>
    <message>
        <source>Acceptance number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>运行模式</translation>
    </message>
    <message>
        <source>Office name</source>
        <translation>机构名称</translation>
    </message>
    <message>
        <source>Office address</source>
        <translation>机构地址</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>咨询电话</translation>
    </message>
    <message>
        <source>Case query address</source>
        <translation>办件查询网址</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Document font</source>
        <translation>文书字体</translation>
    </message>
    <message>
        <source>Exchange platform address</source>
        <translation>交换平台地址</translation>
    </message>
    <message>
        <source>Exchange platform token</source>
        <translation>交换平台令牌</translation>
    </message>
    <message>
        <source>Exchange platform CA certificates</source>
        <translation>数据共享交换平台 CA 证书</translation>
    </message>
    <message>
        <source>Desk client certificate</source>
        <translation>本窗口客户端证书</translation>
    </message>
    <message>
        <source>Desk client certificate key</source>
        <translation>本窗口客户端证书私钥</translation>
    </message>
    <message>
        <source>Allow unencrypted http to the platform</source>
        <translation>允许以未加密的 http 连接平台</translation>
    </message>
    <message>
        <source>Receipt paper</source>
        <translation>回执纸张</translation>
    </message>
    <message>
        <source>Print the receipt on accepting</source>
        <translation>受理后立即打印回执</translation>
    </message>
    <message>
        <source>Due-soon warning (working days)</source>
        <translation>临期提醒（工作日）</translation>
    </message>
    <message>
        <source>Lock the desk after idle minutes</source>
        <translation>无操作自动锁定（分钟）</translation>
    </message>
    <message>
        <source>Clerks may resubmit refused intakes</source>
        <translation>窗口人员可重新报送被退回的受理</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <source>Reprint reason</source>
        <translation>补打原因</translation>
    </message>
    <message>
        <source>Platform key</source>
        <translation>平台公钥</translation>
    </message>
    <message>
        <source>Key set</source>
        <translation>公钥集</translation>
    </message>
    <message>
        <source>Collector ID number</source>
        <translation>领取人证件号码</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>领取人</translation>
    </message>
    <message>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Reason to close anyway</source>
        <translation>强制日结原因</translation>
    </message>
    <message>
        <source>Reason to reopen</source>
        <translation>重新开放原因</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>退回数据</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评价等级</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>评价环节</translation>
    </message>
    <message>
        <source>Follow-up note</source>
        <translation>回访记录</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>New promised date</source>
        <translation>新承诺办结日期</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件</translation>
    </message>
</context>
<context>
    <name>rules</name>
    <message>
        <source>this item is for natural persons, not companies</source>
        <translation>本事项的申请人应为自然人，不能是企业</translation>
    </message>
    <message>
        <source>this item is for companies; enter the company</source>
        <translation>本事项的申请人应为企业，请填写企业信息</translation>
    </message>
    <message>
        <source>{code} is not a material of this item</source>
        <translation>{code} 不是本事项的申请材料</translation>
    </message>
    <message>
        <source>{code} is listed twice</source>
        <translation>{code} 重复登记</translation>
    </message>
    <message>
        <source>the platform cannot supply this material</source>
        <translation>该材料无法通过共享平台获取</translation>
    </message>
    <message>
        <source>copies must be at least 1</source>
        <translation>份数至少为 1</translation>
    </message>
    <message>
        <source>the form must be one of {forms}</source>
        <translation>材料形式应为 {forms} 之一</translation>
    </message>
    <message>
        <source>pages must be at least 1</source>
        <translation>页数至少为 1</translation>
    </message>
    <message>
        <source>say what is wrong with it</source>
        <translation>请在备注中写明需要补正的问题</translation>
    </message>
    <message>
        <source>only a non-key material may be waived, with the reason noted</source>
        <translation>只有非关键材料可以免交，且须在备注中写明理由</translation>
    </message>
    <message>
        <source>is required to accept the case; mark it received, or choose acceptance with materials pending or a correction request</source>
        <translation>受理须收齐该材料；请标记为已收取，或改为容缺受理、一次性告知补正</translation>
    </message>
    <message>
        <source>nothing is missing or faulty, so there is nothing to correct</source>
        <translation>没有缺少或需补正的材料，无需补正</translation>
    </message>
    <message>
        <source>a refusal needs a written reason of at least {min} characters</source>
        <translation>不予受理须书面说明理由，至少 {min} 个字</translation>
    </message>
    <message>
        <source>an immediate item cannot be accepted with materials pending</source>
        <translation>即办件不能容缺受理</translation>
    </message>
    <message>
        <source>mark the materials to be made up as pending</source>
        <translation>请将需要后补的材料标记为“容缺后补”</translation>
    </message>
    <message>
        <source>must be in hand or marked pending; only pending non-key materials may be outstanding</source>
        <translation>须已收取或标记为容缺后补；只有非关键材料可以容缺</translation>
    </message>
    <message>
        <source>is a key material and cannot be made up later</source>
        <translation>是关键材料，不能容缺后补</translation>
    </message>
    <message>
        <source>the applicant must sign the commitment to make up the materials</source>
        <translation>申请人须签署容缺受理承诺书</translation>
    </message>
    <message>
        <source>the case has no agent; the applicant must collect</source>
        <translation>该办件未登记代理人，须由申请人本人领取</translation>
    </message>
    <message>
        <source>is not a known document type</source>
        <translation>不是可识别的证件类型</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>changes nothing: every value is as recorded</source>
        <translation>未作任何更改：各项信息与登记一致</translation>
    </message>
    <message>
        <source>does not match the applicant&apos;s or the agent&apos;s</source>
        <translation>与申请人或代理人登记的证件号码不一致</translation>
    </message>
    <message>
        <source>must be after today</source>
        <translation>须晚于今天</translation>
    </message>
    <message>
        <source>must be no later than the promised date {due}</source>
        <translation>不得晚于承诺办结日期 {due}</translation>
    </message>
    <message>
        <source>{code} is not in the catalog</source>
        <translation>事项目录中没有 {code}</translation>
    </message>
    <message>
        <source>must be 2 to 12 upper-case letters or digits</source>
        <translation>须为 2 至 12 位大写字母或数字</translation>
    </message>
    <message>
        <source>must be two digits, e.g. 03</source>
        <translation>须为两位数字，例如 03</translation>
    </message>
    <message>
        <source>should look like {example}</source>
        <translation>格式应如 {example}</translation>
    </message>
    <message>
        <source>must be at least {min} characters</source>
        <translation>至少 {min} 个字符</translation>
    </message>
    <message>
        <source>{value} is already taken</source>
        <translation>{value} 已被使用</translation>
    </message>
    <message>
        <source>must be {expected} characters long, not {length}</source>
        <translation>应为 {expected} 位，实际为 {length} 位</translation>
    </message>
    <message>
        <source>must be {minimum} to {maximum} characters long, not {length}</source>
        <translation>长度应为 {minimum} 至 {maximum} 个字符，实际为 {length} 个</translation>
    </message>
    <message>
        <source>check character should be {expected}</source>
        <translation>校验码应为 {expected}</translation>
    </message>
    <message>
        <source>must be an 11-digit mobile number starting 13 to 19, or a landline number with area code such as 010-12345678</source>
        <translation>须为 13 至 19 开头的 11 位手机号码，或带区号的固定电话号码（如 010-12345678）</translation>
    </message>
    <message>
        <source>must not contain digits</source>
        <translation>不能包含数字</translation>
    </message>
    <message>
        <source>must not contain line breaks or control characters</source>
        <translation>不能包含换行符或控制字符</translation>
    </message>
    <message>
        <source>character at position {position} is not allowed; only digits and capital letters other than I, O, S, V and Z are used</source>
        <translation>第 {position} 位字符不合规；只能使用数字和除 I、O、S、V、Z 以外的大写字母</translation>
    </message>
    <message>
        <source>characters at positions {positions} are not allowed; only digits and capital letters other than I, O, S, V and Z are used</source>
        <translation>第 {positions} 位字符不合规；只能使用数字和除 I、O、S、V、Z 以外的大写字母</translation>
    </message>
    <message>
        <source>registration authority code {code} is not one of {allowed}</source>
        <translation>登记管理部门代码 {code} 无效，应为 {allowed} 之一</translation>
    </message>
    <message>
        <source>characters 3 to 8 (administrative division code) must be digits</source>
        <translation>第 3 至 8 位（登记管理机关行政区划码）必须是数字</translation>
    </message>
    <message>
        <source>is a Hong Kong, Macao or Taiwan residence permit number; choose that document type</source>
        <translation>是港澳台居民居住证号码，请选择相应的证件类型</translation>
    </message>
    <message>
        <source>must start with 810000, 820000 or 830000</source>
        <translation>须以 810000、820000 或 830000 开头</translation>
    </message>
    <message>
        <source>may contain only letters A-Z and digits</source>
        <translation>只能包含字母 A-Z 和数字</translation>
    </message>
    <message>
        <source>must be H or M followed by 8 digits (or 10 digits)</source>
        <translation>须为 H 或 M 加 8 位数字（或 10 位数字）</translation>
    </message>
    <message>
        <source>must be 8 digits, or 10 digits optionally followed by an office code in brackets on permits issued before September 2008</source>
        <translation>须为 8 位数字；2008 年 9 月前签发的通行证为 10 位数字，其后可带括号内的签发机关代码</translation>
    </message>
    <message>
        <source>must be 15 characters (2017 card) or 18 characters (2023 card), not {length}</source>
        <translation>应为 15 位（2017 版）或 18 位（2023 版），实际为 {length} 位</translation>
    </message>
    <message>
        <source>a 15-character number must be 3 letters followed by 12 digits</source>
        <translation>15 位号码须为 3 位字母加 12 位数字</translation>
    </message>
    <message>
        <source>an 18-character number must start with 9</source>
        <translation>18 位号码须以 9 开头</translation>
    </message>
    <message>
        <source>characters 2 and 3 ({code}) must be a province code</source>
        <translation>第 2、3 位（{code}）须为省级行政区划代码</translation>
    </message>
    <message>
        <source>is an old 15-digit number; the 18-character number is needed</source>
        <translation>是旧版 15 位号码，请填写 18 位公民身份号码</translation>
    </message>
    <message>
        <source>character at position {position} must be a digit</source>
        <translation>第 {position} 位必须是数字</translation>
    </message>
    <message>
        <source>characters at positions {positions} must be digits</source>
        <translation>第 {positions} 位必须是数字</translation>
    </message>
    <message>
        <source>region code {code} does not begin with a valid province code</source>
        <translation>地址码 {code} 的前两位不是有效的省级代码</translation>
    </message>
    <message>
        <source>region code {code} names a whole province; a county-level code is needed</source>
        <translation>地址码 {code} 是省级代码，须为县级行政区划代码</translation>
    </message>
    <message>
        <source>region code {code} should be {expected} on a Hong Kong, Macao or Taiwan permit</source>
        <translation>港澳台居民居住证的地址码 {code} 应为 {expected}</translation>
    </message>
    <message>
        <source>birth date {date} is not a real calendar date</source>
        <translation>出生日期 {date} 不是有效日期</translation>
    </message>
    <message>
        <source>birth date {date} is before {earliest}</source>
        <translation>出生日期 {date} 早于 {earliest}</translation>
    </message>
    <message>
        <source>birth date {date} is in the future</source>
        <translation>出生日期 {date} 晚于今天</translation>
    </message>
    <message>
        <source>is required for this step</source>
        <translation>此操作必须填写</translation>
    </message>
    <message>
        <source>a reprint needs a reason</source>
        <translation>补打须填写原因</translation>
    </message>
    <message>
        <source>holds no key; nothing could be verified</source>
        <translation>不含任何公钥，无法核验任何证照</translation>
    </message>
    <message>
        <source>only {expected} keys can verify certificates, not {alg}</source>
        <translation>只有 {expected} 公钥可用于核验证照，不能使用 {alg}</translation>
    </message>
    <message>
        <source>must be a raw 32-byte Ed25519 key in base64url</source>
        <translation>必须是 base64url 编码的 32 字节 Ed25519 原始公钥</translation>
    </message>
    <message>
        <source>does not belong to this key, whose id is {expected}</source>
        <translation>与该公钥不符，该公钥的标识应为 {expected}</translation>
    </message>
    <message>
        <source>must be a whole number from {low} to {high}</source>
        <translation>应为 {low} 至 {high} 之间的整数</translation>
    </message>
    <message>
        <source>must be one of {choices}, not &quot;{value}&quot;</source>
        <translation>必须是 {choices} 之一，不能是“{value}”</translation>
    </message>
    <message>
        <source>must be an address like https://exchange.example.gov.cn</source>
        <translation>应为形如 https://exchange.example.gov.cn 的地址</translation>
    </message>
    <message>
        <source>plain http:// is allowed only to this computer; use https://, or set exchange_insecure_http = true to send cases unencrypted</source>
        <translation>未加密的 http:// 只能连接本机；请使用 https://，或设置 exchange_insecure_http = true 以未加密方式报送办件</translation>
    </message>
    <message>
        <source>needs the client certificate (exchange_client_cert) it belongs to</source>
        <translation>须同时设置其所属的客户端证书（exchange_client_cert）</translation>
    </message>
    <message>
        <source>{path} is not a file</source>
        <translation>{path} 不是文件</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>应为 true 或 false</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>应为整数</translation>
    </message>
    <message>
        <source>a written reason of at least {min} characters is required</source>
        <translation>须填写至少 {min} 个字的原因</translation>
    </message>
    <message>
        <source>the item is {state}, not refused by the platform</source>
        <translation>该条数据状态为 {state}，并非被平台退回</translation>
    </message>
    <message>
        <source>must be a level from 1 to 5</source>
        <translation>须为 1 至 5 级之一</translation>
    </message>
    <message>
        <source>is required when the service is rated dissatisfied</source>
        <translation>评价为不满意时必须填写</translation>
    </message>
    <message>
        <source>must be at most {max} characters</source>
        <translation>不得超过 {max} 个字符</translation>
    </message>
    <message>
        <source>has already been rated; one evaluation per visit</source>
        <translation>已评价过；每次办事只能评价一次</translation>
    </message>
    <message>
        <source>must be intake or delivery</source>
        <translation>须为受理或领取</translation>
    </message>
    <message>
        <source>the result must be delivered before it is rated</source>
        <translation>办理结果送达后才能评价</translation>
    </message>
    <message>
        <source>this rating has no open follow-up</source>
        <translation>该评价没有待回访事项</translation>
    </message>
    <message>
        <source>must not be before the start date</source>
        <translation>不得早于开始日期</translation>
    </message>
    <message>
        <source>must be within {days} days of the start date</source>
        <translation>距开始日期不得超过 {days} 天</translation>
    </message>
    <message>
        <source>choose at least one material that was made up</source>
        <translation>请至少选择一项已补交的材料</translation>
    </message>
    <message>
        <source>{code} is not a material of this case</source>
        <translation>{code} 不是本办件的材料</translation>
    </message>
    <message>
        <source>is not pending make-up (it is {status})</source>
        <translation>不是容缺待补材料（当前为 {status}）</translation>
    </message>
    <message>
        <source>the case has no promised date</source>
        <translation>该办件没有承诺办结日期</translation>
    </message>
    <message>
        <source>must be later than the current promised date {due}</source>
        <translation>必须晚于原承诺办结日期 {due}</translation>
    </message>
    <message>
        <source>must be a working day</source>
        <translation>必须是工作日</translation>
    </message>
    <message>
        <source>a case that is {state} cannot take this step</source>
        <translation>状态为 {state} 的办件不能进行此操作</translation>
    </message>
    <message>
        <source>{code} was withdrawn from the catalog on the exchange platform; pick another item</source>
        <translation>{code} 已在数据共享交换平台上从服务事项目录中撤销，请改选其他事项</translation>
    </message>
    <message>
        <source>only a refused intake can be corrected and resubmitted</source>
        <translation>只有被平台退回的受理才能更正后重新报送</translation>
    </message>
    <message>
        <source>a refusal for {code} cannot be put right by correcting the case; close it with a reason</source>
        <translation>因 {code} 被退回的无法通过更正办件解决，请填写原因后关闭</translation>
    </message>
    <message>
        <source>the platform&apos;s refusal concerns this field; correct it</source>
        <translation>平台退回的原因涉及此项，请更正</translation>
    </message>
</context>
</TS>
