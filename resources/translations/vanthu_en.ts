<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
<context>
    <name>AssignDialog</name>
    <message>
        <source>Phân công xử lý</source>
        <translation>Assign for handling</translation>
    </message>
    <message>
        <source>Đơn vị, người xử lý</source>
        <translation>Unit or person handling it</translation>
    </message>
    <message>
        <source>Ví dụ: Phòng Tổng hợp — ông Nguyễn Văn An</source>
        <translation>For example: General Affairs Office — Mr Nguyễn Văn An</translation>
    </message>
    <message>
        <source>Có &amp;hạn xử lý</source>
        <translation>Has a &amp;deadline</translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Đơn vị, &amp;người xử lý:</source>
        <translation>&amp;Unit or person:</translation>
    </message>
    <message>
        <source>Hạn:</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <source>&amp;Phân công</source>
        <translation>&amp;Assign</translation>
    </message>
    <message>
        <source>Hủy bỏ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AxisPage</name>
    <message>
        <source>Trục liên thông</source>
        <translation>Axis</translation>
    </message>
    <message>
        <source>Địa chỉ trục</source>
        <translation>Axis address</translation>
    </message>
    <message>
        <source>Mã hệ thống</source>
        <translation>System id</translation>
    </message>
    <message>
        <source>Để trống: dùng chứng thư của hệ điều hành</source>
        <translation>Empty: the operating system&apos;s certificates</translation>
    </message>
    <message>
        <source>Tệp chứng thư CA</source>
        <translation>CA bundle</translation>
    </message>
    <message>
        <source>&amp;Chọn tệp…</source>
        <translation>C&amp;hoose file…</translation>
    </message>
    <message>
        <source>Chọn tệp chứng thư CA</source>
        <translation>Choose the CA bundle</translation>
    </message>
    <message>
        <source> giây</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Thời gian chờ</source>
        <translation>Timeout</translation>
    </message>
    <message>
        <source>Khóa bí mật</source>
        <translation>Secret</translation>
    </message>
    <message>
        <source>Tình trạng khóa bí mật</source>
        <translation>Secret status</translation>
    </message>
    <message>
        <source>Đị&amp;a chỉ trục:</source>
        <translation>Axis a&amp;ddress:</translation>
    </message>
    <message>
        <source>&amp;Mã hệ thống:</source>
        <translation>System &amp;id:</translation>
    </message>
    <message>
        <source>Tệ&amp;p chứng thư CA:</source>
        <translation>C&amp;A bundle:</translation>
    </message>
    <message>
        <source>&amp;Thời gian chờ:</source>
        <translation>&amp;Timeout:</translation>
    </message>
    <message>
        <source>Khóa &amp;bí mật:</source>
        <translation>Sec&amp;ret:</translation>
    </message>
    <message>
        <source>&amp;Kiểm tra kết nối</source>
        <translation>Test c&amp;onnection</translation>
    </message>
    <message>
        <source>Kiểm tra kết nối tới trục</source>
        <translation>Test the connection to the axis</translation>
    </message>
    <message>
        <source>Kết quả kiểm tra kết nối</source>
        <translation>Connection test result</translation>
    </message>
    <message>
        <source>Kiểm tra kết nối dùng các giá trị đang nhập (chưa lưu) và không nhận gói tin nào.</source>
        <translation>The test uses the values typed (not saved yet) and receives no package.</translation>
    </message>
    <message>
        <source>Khóa bí mật: đã lưu (trong kho khóa của hệ điều hành).</source>
        <translation>Secret: saved (in the operating system&apos;s keyring).</translation>
    </message>
    <message>
        <source>Khóa bí mật: đã lưu (trong tệp riêng của kho dữ liệu, chỉ người dùng này đọc được).</source>
        <translation>Secret: saved (in the workspace&apos;s private file, readable by this user only).</translation>
    </message>
    <message>
        <source>Khóa bí mật: chưa có.</source>
        <translation>Secret: none yet.</translation>
    </message>
    <message>
        <source>Để trống để giữ khóa đã lưu</source>
        <translation>Leave empty to keep the saved secret</translation>
    </message>
    <message>
        <source>Khóa do Trục cấp</source>
        <translation>The secret the axis issued</translation>
    </message>
    <message>
        <source>Khóa mới sẽ được lưu vào kho khóa của hệ điều hành.</source>
        <translation>A new secret goes to the operating system&apos;s keyring.</translation>
    </message>
    <message>
        <source>Máy này không có kho khóa dùng được: khóa mới sẽ được lưu vào tệp secrets/axis.secret của kho dữ liệu, chỉ người dùng này đọc được.</source>
        <translation>This computer has no usable keyring: a new secret goes to the workspace&apos;s file secrets/axis.secret, readable by this user only.</translation>
    </message>
    <message>
        <source>Chọn tệp chứng thư CA của trục</source>
        <translation>Choose the axis CA bundle</translation>
    </message>
    <message>
        <source>Chứng thư (*.pem *.crt *.cer);;Mọi tệp (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>Kiểm tra kết nối</source>
        <translation>Connection test</translation>
    </message>
    <message numerus="yes">
        <source>Kết nối được: trục đã xác nhận hệ thống, %n gói tin đang chờ nhận.</source>
        <translation>
            <numerusform>Connected: the axis accepted this system; %n package waiting.</numerusform>
            <numerusform>Connected: the axis accepted this system; %n packages waiting.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Confidentiality</name>
    <message>
        <source>Thường</source>
        <translation>Not confidential</translation>
    </message>
    <message>
        <source>Mật</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <source>Tối mật</source>
        <translation>Secret</translation>
    </message>
    <message>
        <source>Tuyệt mật</source>
        <translation>Top secret</translation>
    </message>
</context>
<context>
    <name>DirectoryView</name>
    <message>
        <source>Danh bạ cơ quan trên Trục</source>
        <translation>Agency directory of the axis</translation>
    </message>
    <message>
        <source>Mã định danh</source>
        <translation>Organisation identifier</translation>
    </message>
    <message>
        <source>Tên cơ quan</source>
        <translation>Organisation name</translation>
    </message>
    <message>
        <source>Cơ quan cấp trên</source>
        <translation>Parent organisation</translation>
    </message>
    <message>
        <source>Tìm cơ quan (gõ không dấu cũng được)</source>
        <translation>Find an organisation (diacritics optional)</translation>
    </message>
    <message>
        <source>Tìm trong danh bạ</source>
        <translation>Search the directory</translation>
    </message>
    <message>
        <source>Cập nhật từ Trục</source>
        <translation>Update from the axis</translation>
    </message>
    <message>
        <source>Tải lại danh bạ từ Trục liên thông</source>
        <translation>Download the directory again from the national document axis</translation>
    </message>
    <message>
        <source>Danh bạ</source>
        <translation>Agency directory</translation>
    </message>
    <message numerus="yes">
        <source>%1 cơ quan</source>
        <translation>
            <numerusform>%1 organisation</numerusform>
            <numerusform>%1 organisations</numerusform>
        </translation>
    </message>
    <message>
        <source>Danh bạ trống: bấm «Cập nhật từ Trục» khi có mạng.</source>
        <translation>The directory is empty: click «Update from the axis» when online.</translation>
    </message>
    <message>
        <source>Gõ tên hay mã định danh của cơ quan để tìm.</source>
        <translation>Type an organisation&apos;s name or identifier to find it.</translation>
    </message>
    <message>
        <source>Tìm cơ quan</source>
        <translation>Finding organisations</translation>
    </message>
    <message>
        <source>Không tìm thấy cơ quan nào.</source>
        <translation>No organisation found.</translation>
    </message>
    <message>
        <source>Cập nhật danh bạ</source>
        <translation>Updating the directory</translation>
    </message>
</context>
<context>
    <name>DocumentColumns</name>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number and symbol</translation>
    </message>
    <message>
        <source>Ngày đến</source>
        <translation>Arrival date</translation>
    </message>
    <message>
        <source>Ngày ban hành</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation>Issuing organisation</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Người, đơn vị xử lý</source>
        <translation>Handling unit or person</translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>ID</translation>
    </message>
</context>
<context>
    <name>DocumentDetailPane</name>
    <message>
        <source>Chọn một văn bản để xem chi tiết.</source>
        <translation>Select a document to see its details.</translation>
    </message>
    <message>
        <source>Văn bản đang xem</source>
        <translation>Document shown</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Người</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Việc</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Lịch sử xử lý</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Nơi nhận</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Nơi nhận và trạng thái</source>
        <translation>Recipients and their statuses</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Các phiên bản tệp</source>
        <translation>File versions</translation>
    </message>
    <message>
        <source>Thông tin</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Chữ ký số</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Tệp</source>
        <comment>tab: the file versions</comment>
        <translation>Files</translation>
    </message>
    <message>
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Độ mật</source>
        <translation>Confidentiality</translation>
    </message>
    <message>
        <source>Kiểm tra chữ ký số</source>
        <translation>Verifying the signatures</translation>
    </message>
    <message>
        <source>Đọc văn bản</source>
        <translation>Reading the document</translation>
    </message>
    <message>
        <source>chưa cấp số</source>
        <translation>not numbered yet</translation>
    </message>
    <message>
        <source>Số đến</source>
        <translation>Arrival number</translation>
    </message>
    <message>
        <source>Số đăng ký</source>
        <translation>Register number</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number and symbol</translation>
    </message>
    <message>
        <source>Loại văn bản</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>Ngày ban hành</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>Ngày đến</source>
        <translation>Arrival date</translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation>Issuing organisation</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Đơn vị, người xử lý</source>
        <translation>Handling unit or person</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>đính kèm %1</source>
        <translation>attachment %1</translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>Đọc sổ</source>
        <translation>Reading the register</translation>
    </message>
    <message>
        <source>Văn bản khẩn: %1</source>
        <translation>Urgent document: %1</translation>
    </message>
    <message>
        <source>Đã quá hạn xử lý (%1)</source>
        <translation>Overdue (due %1)</translation>
    </message>
    <message>
        <source>Chưa xem</source>
        <translation>Not opened yet</translation>
    </message>
</context>
<context>
    <name>DocumentTableView</name>
    <message>
        <source>Chọn cột hiển thị</source>
        <translation>Choose the columns shown</translation>
    </message>
</context>
<context>
    <name>DocumentType</name>
    <message>
        <source>Nghị quyết</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>Quyết định</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Chỉ thị</source>
        <translation>Directive</translation>
    </message>
    <message>
        <source>Quy chế</source>
        <translation>Regulation</translation>
    </message>
    <message>
        <source>Quy định</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>Thông cáo</source>
        <translation>Communiqué</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Hướng dẫn</source>
        <translation>Guidance</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>Kế hoạch</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Phương án</source>
        <translation>Plan of action</translation>
    </message>
    <message>
        <source>Đề án</source>
        <translation>Scheme</translation>
    </message>
    <message>
        <source>Dự án</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Biên bản</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Tờ trình</source>
        <translation>Submission</translation>
    </message>
    <message>
        <source>Hợp đồng</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>Công điện</source>
        <translation>Official telegram</translation>
    </message>
    <message>
        <source>Bản ghi nhớ</source>
        <translation>Memorandum of understanding</translation>
    </message>
    <message>
        <source>Bản thỏa thuận</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Giấy ủy quyền</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <source>Giấy mời</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>Giấy giới thiệu</source>
        <translation>Letter of introduction</translation>
    </message>
    <message>
        <source>Giấy nghỉ phép</source>
        <translation>Leave permit</translation>
    </message>
    <message>
        <source>Phiếu gửi</source>
        <translation>Dispatch slip</translation>
    </message>
    <message>
        <source>Phiếu chuyển</source>
        <translation>Transfer slip</translation>
    </message>
    <message>
        <source>Phiếu báo</source>
        <translation>Notification slip</translation>
    </message>
    <message>
        <source>Thư công</source>
        <translation>Public letter</translation>
    </message>
    <message>
        <source>Công văn</source>
        <translation>Official letter</translation>
    </message>
    <message>
        <source>Bản sao y</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản trích sao</source>
        <translation>Extract</translation>
    </message>
    <message>
        <source>Bản sao lục</source>
        <translation>Transcript</translation>
    </message>
</context>
<context>
    <name>DueSoonPanel</name>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Văn bản sắp đến hạn và quá hạn</source>
        <translation>Documents due soon and overdue</translation>
    </message>
    <message>
        <source>Văn bản sắp đến hạn và quá hạn xử lý</source>
        <translation>Documents due soon and overdue for handling</translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Còn</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Số đến</source>
        <translation>Arrival no.</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number and symbol</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Đơn vị, người xử lý</source>
        <translation>Unit or person handling it</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sắp đến hạn (%1)</source>
        <translation>Due soon (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%1 văn bản quá hạn xử lý</source>
        <translation>
            <numerusform>%1 document overdue</numerusform>
            <numerusform>%1 documents overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 văn bản đến hạn trong %2 ngày tới</source>
        <translation>
            <numerusform>%1 document due within %2 days</numerusform>
            <numerusform>%1 documents due within %2 days</numerusform>
        </translation>
    </message>
    <message>
        <source>Không có văn bản nào sắp đến hạn</source>
        <translation>No document is due soon</translation>
    </message>
    <message numerus="yes">
        <source>quá %1 ngày</source>
        <translation>
            <numerusform>%1 day overdue</numerusform>
            <numerusform>%1 days overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>hôm nay</source>
        <translation>today</translation>
    </message>
    <message numerus="yes">
        <source>còn %1 ngày</source>
        <translation>
            <numerusform>%1 day left</numerusform>
            <numerusform>%1 days left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Văn bản có thể đã được vào sổ</source>
        <translation>This document may already be registered</translation>
    </message>
    <message numerus="yes">
        <source>Văn bản này giống %n văn bản đã vào sổ đến:</source>
        <translation>
            <numerusform>This document matches %n incoming document already registered:</numerusform>
            <numerusform>This document matches %n incoming documents already registered:</numerusform>
        </translation>
    </message>
    <message>
        <source>Các văn bản đã vào sổ bị trùng</source>
        <translation>Registered documents it repeats</translation>
    </message>
    <message>
        <source>Nếu đây đúng là văn bản đã nhận, chọn «Không vào sổ». Nếu vẫn vào sổ, lịch sử của văn bản mới sẽ ghi lại rằng nó được vào sổ dù trùng với các văn bản trên.</source>
        <translation>If this is indeed a document already received, choose «Do not register». If you register it anyway, the new document&apos;s history records that it was registered although it matches what is shown above.</translation>
    </message>
    <message>
        <source>&amp;Vẫn vào sổ</source>
        <translation>&amp;Register anyway</translation>
    </message>
    <message>
        <source>Vẫn vào sổ</source>
        <translation>Register anyway</translation>
    </message>
    <message>
        <source>&amp;Không vào sổ</source>
        <translation>Do &amp;not register</translation>
    </message>
    <message>
        <source>Không vào sổ</source>
        <translation>Do not register</translation>
    </message>
    <message>
        <source>Số đến %1</source>
        <translation>Arrival number %1</translation>
    </message>
    <message>
        <source>ngày %1</source>
        <translation>dated %1</translation>
    </message>
    <message>
        <source>Cơ quan ban hành: %1</source>
        <translation>Issuing organisation: %1</translation>
    </message>
    <message>
        <source>Trích yếu: %1</source>
        <translation>Subject: %1</translation>
    </message>
    <message>
        <source>Trùng vì: %1</source>
        <translation>Matched because: %1</translation>
    </message>
</context>
<context>
    <name>ExportRegisterDialog</name>
    <message>
        <source>Xuất sổ đăng ký</source>
        <translation>Export a register</translation>
    </message>
    <message>
        <source>Tiến độ xuất sổ</source>
        <translation>Export progress</translation>
    </message>
    <message>
        <source>Số dòng đã ghi</source>
        <translation>Rows written</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Mở &amp;tệp</source>
        <translation>Open &amp;file</translation>
    </message>
    <message>
        <source>Mở tệp đã xuất</source>
        <translation>Open the exported file</translation>
    </message>
    <message>
        <source>Mở thư &amp;mục</source>
        <translation>Open fold&amp;er</translation>
    </message>
    <message>
        <source>Mở thư mục chứa tệp đã xuất</source>
        <translation>Open the folder of the exported file</translation>
    </message>
    <message>
        <source>&amp;Xuất sổ</source>
        <translation>E&amp;xport</translation>
    </message>
    <message>
        <source>Xuất sổ</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>&amp;Dừng</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <source>Dừng xuất sổ</source>
        <translation>Stop the export</translation>
    </message>
    <message>
        <source>Đón&amp;g</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đọc danh sách sổ đăng ký</source>
        <translation>Reading the list of registers</translation>
    </message>
    <message>
        <source>Đang đếm văn bản trong sổ…</source>
        <translation>Counting the documents in the register…</translation>
    </message>
    <message>
        <source>Đếm văn bản trong sổ</source>
        <translation>Counting the documents in the register</translation>
    </message>
    <message>
        <source>Không có văn bản nào trong «{register}» cho thời gian đã chọn.</source>
        <translation>«{register}» holds no documents in the chosen period.</translation>
    </message>
    <message numerus="yes">
        <source>Sổ có {rows} văn bản: số {first} đến số {last}, từ ngày {since} đến ngày {until}.</source>
        <translation>
            <numerusform>The register holds {rows} document: number {first} to {last}, from {since} to {until}.</numerusform>
            <numerusform>The register holds {rows} documents: numbers {first} to {last}, from {since} to {until}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hãy chọn tệp để lưu sổ.</source>
        <translation>Choose the file to save the register to.</translation>
    </message>
    <message>
        <source>Tệp đã có</source>
        <translation>The file exists</translation>
    </message>
    <message>
        <source>Tệp «{name}» đã có trong thư mục này. Ghi đè lên tệp đó?</source>
        <translation>A file «{name}» already exists in this folder. Overwrite it?</translation>
    </message>
    <message>
        <source>&amp;Ghi đè</source>
        <translation>&amp;Overwrite</translation>
    </message>
    <message>
        <source>&amp;Không</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <source>Đang bắt đầu…</source>
        <translation>Starting…</translation>
    </message>
    <message numerus="yes">
        <source>Đã ghi {done} / {total} dòng</source>
        <translation>
            <numerusform>{done} of {total} row written</numerusform>
            <numerusform>{done} of {total} rows written</numerusform>
        </translation>
    </message>
    <message>
        <source>đang hoàn tất tệp PDF…</source>
        <translation>finishing the PDF file…</translation>
    </message>
    <message>
        <source>Đang dừng…</source>
        <translation>Stopping…</translation>
    </message>
    <message numerus="yes">
        <source>Đã xuất {rows} dòng ra {name}</source>
        <translation>
            <numerusform>Exported {rows} row to {name}</numerusform>
            <numerusform>Exported {rows} rows to {name}</numerusform>
        </translation>
    </message>
    <message>
        <source>Thư mục: {folder}</source>
        <translation>Folder: {folder}</translation>
    </message>
    <message>
        <source>Không mở được «{path}»; hãy mở bằng trình quản lý tệp.</source>
        <translation>Could not open «{path}»; open it with the file manager.</translation>
    </message>
    <message>
        <source>Xuất sổ đăng ký…</source>
        <translation>Export a register…</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Mọi năm</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>Loại văn bản</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>Mọi loại</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation>Issuing organisation</translation>
    </message>
    <message>
        <source>Lọc theo cơ quan ban hành</source>
        <translation>Filter by issuing organisation</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Mọi độ khẩn</source>
        <translation>Any urgency</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Từ ngày ban hành</source>
        <translation>Issued from</translation>
    </message>
    <message>
        <source>Đến ngày ban hành</source>
        <translation>Issued until</translation>
    </message>
    <message>
        <source>Xóa lọc</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>Xóa mọi bộ lọc</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <source>Ban hành từ</source>
        <translation>Issued from</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
</context>
<context>
    <name>ImageBox</name>
    <message>
        <source>Xem trước: %1</source>
        <translation>Preview: %1</translation>
    </message>
    <message>
        <source>Chọn ảnh: %1</source>
        <translation>Choose the image: %1</translation>
    </message>
    <message>
        <source>Thông báo về ảnh</source>
        <translation>Image notice</translation>
    </message>
    <message>
        <source>Đang dùng: %1</source>
        <translation>In use: %1</translation>
    </message>
    <message>
        <source>Chưa chọn ảnh.</source>
        <translation>No image chosen.</translation>
    </message>
    <message>
        <source>(chưa có ảnh)</source>
        <translation>(no image)</translation>
    </message>
    <message>
        <source>Ảnh PNG (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Đọc ảnh</source>
        <translation>Read the image</translation>
    </message>
    <message>
        <source>Ảnh mới (lưu khi bấm Lưu): %1</source>
        <translation>New image (kept when you press Save): %1</translation>
    </message>
    <message>
        <source>%1 × %2 điểm ảnh.</source>
        <translation>%1 × %2 pixels.</translation>
    </message>
    <message>
        <source>(không đọc được ảnh)</source>
        <translation>(the image cannot be read)</translation>
    </message>
</context>
<context>
    <name>ImagesPage</name>
    <message>
        <source>Chữ ký và con dấu</source>
        <translation>Signature and seal</translation>
    </message>
    <message>
        <source>Ảnh chữ ký của người có thẩm quyền</source>
        <translation>The official&apos;s signature image</translation>
    </message>
    <message>
        <source>Chọn ảnh chữ &amp;ký…</source>
        <translation>Choose signature &amp;image…</translation>
    </message>
    <message>
        <source>Ảnh con dấu của cơ quan</source>
        <translation>The organisation&apos;s seal</translation>
    </message>
    <message>
        <source>Chọn ảnh con &amp;dấu…</source>
        <translation>Choose s&amp;eal image…</translation>
    </message>
    <message>
        <source>Ảnh PNG nền trong suốt. Ảnh được chép vào kho dữ liệu khi bấm Lưu; chữ ký phê duyệt dùng ảnh chữ ký, chữ ký phát hành dùng ảnh con dấu.</source>
        <translation>PNG images with a transparent background. They are copied into the workspace when you press Save; the approval signature shows the signature image, the organisation signature the seal.</translation>
    </message>
</context>
<context>
    <name>IncomingActionBar</name>
    <message>
        <source>Yêu cầu của nơi gửi</source>
        <translation>The sender&apos;s request</translation>
    </message>
    <message>
        <source>Đồng ý (15)</source>
        <translation>Agree (15)</translation>
    </message>
    <message>
        <source>Đồng ý với yêu cầu của nơi gửi (15)</source>
        <translation>Agree with the sender&apos;s request (15)</translation>
    </message>
    <message>
        <source>Không đồng ý (16)…</source>
        <translation>Disagree (16)…</translation>
    </message>
    <message>
        <source>Không đồng ý với yêu cầu của nơi gửi (16)</source>
        <translation>Disagree with the sender&apos;s request (16)</translation>
    </message>
    <message>
        <source>không nêu lý do</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>Nơi gửi (%1) đã thu hồi văn bản này: «%2». Văn bản đã được đánh dấu hủy trong sổ; nếu không đồng ý, văn bản được giữ lại.</source>
        <translation>The sender (%1) took this document back: “%2”. It is marked cancelled in the register; if you disagree, it is kept.</translation>
    </message>
    <message>
        <source>Nơi gửi (%1) đã cập nhật văn bản này: «%2». Thông tin và tệp mới đã được ghi vào sổ.</source>
        <translation>The sender (%1) updated this document: “%2”. The new details and file are in the register.</translation>
    </message>
    <message>
        <source>Văn bản này thay thế văn bản nơi gửi (%1) đã gửi trước: «%2». Văn bản cũ đã được đánh dấu hủy; nếu không đồng ý, văn bản cũ được giữ lại.</source>
        <translation>This document replaces one the sender (%1) sent before: “%2”. The old one is marked cancelled; if you disagree, it is kept.</translation>
    </message>
    <message>
        <source>Trả lời nơi gửi: đồng ý (15) hay không đồng ý (16)?</source>
        <translation>Answer the sender: agree (15) or disagree (16)?</translation>
    </message>
    <message>
        <source>đồng ý (15)</source>
        <translation>agreed (15)</translation>
    </message>
    <message>
        <source>không đồng ý (16)</source>
        <translation>disagreed (16)</translation>
    </message>
    <message>
        <source>Đã trả lời nơi gửi: %1.</source>
        <translation>The sender was answered: %1.</translation>
    </message>
</context>
<context>
    <name>IncomingForm</name>
    <message>
        <source>Gõ tên hoặc mã cơ quan, có dấu hay không</source>
        <translation>Type the organisation&apos;s name or identifier, diacritics optional</translation>
    </message>
    <message>
        <source>Chọn loại văn bản</source>
        <translation>Choose the document type</translation>
    </message>
    <message>
        <source>Trích yếu nội dung văn bản</source>
        <translation>A summary of the document&apos;s content</translation>
    </message>
    <message>
        <source>Có hạn</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>&amp;Cơ quan ban hành</source>
        <translation>Issuing &amp;organisation</translation>
    </message>
    <message>
        <source>&amp;Số, ký hiệu</source>
        <translation>&amp;Number and symbol</translation>
    </message>
    <message>
        <source>&amp;Loại văn bản</source>
        <translation>Document t&amp;ype</translation>
    </message>
    <message>
        <source>C&amp;hức vụ</source>
        <translation>&amp;Position</translation>
    </message>
    <message>
        <source>Độ &amp;mật</source>
        <translation>Confidentia&amp;lity</translation>
    </message>
    <message>
        <source>Độ &amp;khẩn</source>
        <translation>&amp;Urgency</translation>
    </message>
    <message>
        <source>Mã định &amp;danh</source>
        <translation>Organisation &amp;ID</translation>
    </message>
    <message>
        <source>Ngà&amp;y ban hành</source>
        <translation>Issue &amp;date</translation>
    </message>
    <message>
        <source>T&amp;rích yếu</source>
        <translation>&amp;Subject</translation>
    </message>
    <message>
        <source>Ngườ&amp;i ký</source>
        <translation>Si&amp;gner</translation>
    </message>
    <message>
        <source>Hạn &amp;xử lý</source>
        <translation>Du&amp;e date</translation>
    </message>
    <message>
        <source>Sổ đăn&amp;g ký</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation>Issuing organisation</translation>
    </message>
    <message>
        <source>Mã định danh cơ quan ban hành</source>
        <translation>Issuing organisation identifier</translation>
    </message>
    <message>
        <source>Số văn bản</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>Ký hiệu văn bản</source>
        <translation>Document symbol</translation>
    </message>
    <message>
        <source>Ngày ban hành</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>Loại văn bản</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Chức vụ người ký</source>
        <translation>Signer&apos;s position</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Độ mật</source>
        <translation>Confidentiality</translation>
    </message>
    <message>
        <source>Có hạn xử lý</source>
        <translation>Has a due date</translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Cơ quan trong danh bạ</source>
        <translation>Organisations in the directory</translation>
    </message>
    <message>
        <source>Gợi ý đọc từ tệp, hãy kiểm tra lại</source>
        <translation>Suggested from the file: check it</translation>
    </message>
</context>
<context>
    <name>IncomingMenu</name>
    <message>
        <source>Hạn xử lý</source>
        <translation>Deadlines</translation>
    </message>
</context>
<context>
    <name>IncomingWork</name>
    <message>
        <source>&amp;Tiếp nhận</source>
        <translation>&amp;Accept</translation>
    </message>
    <message>
        <source>Tiếp nhận văn bản và báo nơi gửi (03)</source>
        <translation>Accept the document and tell the sender (03)</translation>
    </message>
    <message>
        <source>T&amp;rả lại…</source>
        <translation>&amp;Reject…</translation>
    </message>
    <message>
        <source>Trả lại văn bản, nêu lý do (02)</source>
        <translation>Reject the document, with the reason (02)</translation>
    </message>
    <message>
        <source>&amp;Phân công…</source>
        <translation>Assi&amp;gn…</translation>
    </message>
    <message>
        <source>Giao đơn vị, người xử lý và hạn xử lý (04)</source>
        <translation>Assign a unit or person and a deadline (04)</translation>
    </message>
    <message>
        <source>Đang &amp;xử lý</source>
        <translation>In &amp;progress</translation>
    </message>
    <message>
        <source>Ghi văn bản đang được xử lý (05)</source>
        <translation>Record that the document is being handled (05)</translation>
    </message>
    <message>
        <source>&amp;Hoàn thành</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <source>Ghi văn bản đã xử lý xong (06)</source>
        <translation>Record that the document is handled (06)</translation>
    </message>
    <message>
        <source>Đọc văn bản</source>
        <translation>Reading the document</translation>
    </message>
    <message>
        <source>Đã tiếp nhận văn bản</source>
        <translation>Document accepted</translation>
    </message>
    <message>
        <source>Đã trả lại văn bản</source>
        <translation>Document rejected</translation>
    </message>
    <message>
        <source>Đã phân công xử lý</source>
        <translation>Document assigned</translation>
    </message>
    <message>
        <source>Đã ghi: đang xử lý</source>
        <translation>Recorded: in progress</translation>
    </message>
    <message>
        <source>Đã ghi: hoàn thành</source>
        <translation>Recorded: done</translation>
    </message>
    <message>
        <source>Đã trả lời nơi gửi</source>
        <translation>The sender was answered</translation>
    </message>
    <message>
        <source>; trạng thái sẽ được gửi qua Trục</source>
        <translation>; the status goes to the sender over the axis</translation>
    </message>
    <message>
        <source>Xử lý văn bản đến</source>
        <translation>Handling an incoming document</translation>
    </message>
    <message>
        <source>Trả lại văn bản</source>
        <translation>Reject the document</translation>
    </message>
    <message>
        <source>Lý do trả lại (nơi gửi sẽ đọc được):</source>
        <translation>Reason for rejecting (the sender reads it):</translation>
    </message>
    <message>
        <source>&amp;Trả lại</source>
        <translation>&amp;Reject</translation>
    </message>
    <message>
        <source>Không đồng ý với nơi gửi</source>
        <translation>Disagree with the sender</translation>
    </message>
    <message>
        <source>Lý do không đồng ý (nơi gửi sẽ đọc được):</source>
        <translation>Why you disagree (the sender reads it):</translation>
    </message>
    <message>
        <source>&amp;Gửi trả lời</source>
        <translation>&amp;Send the answer</translation>
    </message>
</context>
<context>
    <name>IssueDialog</name>
    <message>
        <source>Phát hành văn bản</source>
        <translation>Issue the document</translation>
    </message>
    <message>
        <source>Đang đọc văn bản…</source>
        <translation>Reading the document…</translation>
    </message>
    <message>
        <source>Văn bản phát hành</source>
        <translation>Document to issue</translation>
    </message>
    <message>
        <source>Số, ký hiệu sẽ cấp</source>
        <translation>Number and symbol to be given</translation>
    </message>
    <message>
        <source>Ngày ban hành</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>Mặc định là hôm nay; số văn bản theo năm của ngày chọn.</source>
        <translation>Today unless you pick another day; the number follows the chosen date&apos;s year.</translation>
    </message>
    <message>
        <source>Ngày ban hành không dùng được</source>
        <translation>Issue date not usable</translation>
    </message>
    <message>
        <source>Ảnh con dấu</source>
        <translation>Seal image</translation>
    </message>
    <message>
        <source>Chọn ảnh &amp;dấu…</source>
        <translation>Choose the s&amp;eal image…</translation>
    </message>
    <message>
        <source>Chọn ảnh con dấu khác</source>
        <translation>Choose another seal image</translation>
    </message>
    <message>
        <source>Tệp đính kèm được ký kèm</source>
        <translation>Attachments signed with it</translation>
    </message>
    <message>
        <source>Sổ đăng ký:</source>
        <translation>Register:</translation>
    </message>
    <message>
        <source>Số, ký hiệu:</source>
        <translation>Number and symbol:</translation>
    </message>
    <message>
        <source>Ngày &amp;ban hành:</source>
        <translation>Issue &amp;date:</translation>
    </message>
    <message>
        <source>&amp;Chứng thư số:</source>
        <translation>&amp;Certificate:</translation>
    </message>
    <message>
        <source>Mã PI&amp;N:</source>
        <translation>PI&amp;N:</translation>
    </message>
    <message>
        <source>Con dấu:</source>
        <translation>Seal:</translation>
    </message>
    <message>
        <source>Tệp đính kèm:</source>
        <translation>Attachments:</translation>
    </message>
    <message>
        <source>Tình trạng phát hành</source>
        <translation>Issue status</translation>
    </message>
    <message>
        <source>Đang phát hành</source>
        <translation>Issuing</translation>
    </message>
    <message>
        <source>&amp;Phát hành</source>
        <translation>&amp;Issue</translation>
    </message>
    <message>
        <source>&amp;Gửi đi…</source>
        <translation>&amp;Send…</translation>
    </message>
    <message>
        <source>Gửi văn bản đã phát hành</source>
        <translation>Send the issued document</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chuẩn bị phát hành</source>
        <translation>Preparing the issue</translation>
    </message>
    <message>
        <source> (sổ văn bản mật)</source>
        <translation> (secret register)</translation>
    </message>
    <message>
        <source>%1 — ký với vai trò tệp đính kèm</source>
        <translation>%1 — signed as an attachment</translation>
    </message>
    <message>
        <source>Không có tệp đính kèm</source>
        <translation>No attachments</translation>
    </message>
    <message>
        <source>Không phát hành được văn bản này.</source>
        <translation>This document cannot be issued.</translation>
    </message>
    <message>
        <source>%1 (con dấu mẫu)</source>
        <translation>%1 (sample seal)</translation>
    </message>
    <message>
        <source>Chọn ảnh con dấu</source>
        <translation>Choose the seal image</translation>
    </message>
    <message>
        <source>Ảnh PNG (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Đọc ảnh con dấu</source>
        <translation>Reading the seal image</translation>
    </message>
    <message>
        <source>Thiết bị ký số đã bị khóa: hãy liên hệ nhà cung cấp để mở khóa.</source>
        <translation>The token is locked: ask its provider to unblock it.</translation>
    </message>
    <message>
        <source>Chú ý: nhập sai mã PIN lần nữa thiết bị sẽ bị khóa.</source>
        <translation>Careful: one more wrong PIN locks the token.</translation>
    </message>
    <message>
        <source>Trước đó đã có lần nhập sai mã PIN.</source>
        <translation>A wrong PIN was entered before.</translation>
    </message>
    <message>
        <source>Thiết bị ký số thử nghiệm của bản demo — mã PIN: %1</source>
        <translation>Demo test token — PIN: %1</translation>
    </message>
    <message>
        <source>Đang ký phát hành trên thiết bị ký số…</source>
        <translation>Signing on the token…</translation>
    </message>
    <message>
        <source>Đã phát hành: số %1, ngày %2.</source>
        <translation>Issued: number %1, dated %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n tệp đính kèm đã được ký.</source>
        <translation>
            <numerusform>%n attachment signed.</numerusform>
            <numerusform>%n attachments signed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Ngôn ngữ của cửa sổ và các thông báo, đổi ngay khi lưu (việc đang làm dở, như ký số, được làm xong trước). Khi mở chương trình, biến môi trường VANTHU_LANG (nếu có) được ưu tiên.</source>
        <translation>The language of the window and its messages; it changes as soon as you save (work under way, such as signing, finishes first). At start, the VANTHU_LANG environment variable, when set, comes first.</translation>
    </message>
</context>
<context>
    <name>LanguageSwitch</name>
    <message>
        <source>Ngôn ngữ mới được dùng khi công việc sau xong: %1.</source>
        <translation>The new language is used when this work has finished: %1.</translation>
    </message>
    <message>
        <source>Ngôn ngữ mới được dùng khi hộp thoại «%1» được đóng.</source>
        <translation>The new language is used when the dialog “%1” is closed.</translation>
    </message>
    <message>
        <source>Không có bản dịch cho ngôn ngữ này.</source>
        <translation>There is no translation for this language.</translation>
    </message>
    <message>
        <source>Đã đổi ngôn ngữ.</source>
        <translation>Language changed.</translation>
    </message>
</context>
<context>
    <name>LockBadge</name>
    <message>
        <source>do quản trị viên đặt</source>
        <translation>set by the administrator</translation>
    </message>
    <message>
        <source>Quản trị viên đã cố định cài đặt này; không thay đổi được ở đây.</source>
        <translation>The administrator fixed this setting; it cannot be changed here.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Danh mục</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Đang làm việc</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Đang mở kho dữ liệu…</source>
        <translation>Opening the workspace…</translation>
    </message>
    <message>
        <source>Văn bản đến</source>
        <translation>Incoming documents</translation>
    </message>
    <message>
        <source>Dự thảo và chờ ký</source>
        <translation>Drafts and to sign</translation>
    </message>
    <message>
        <source>Văn bản đi</source>
        <translation>Outgoing documents</translation>
    </message>
    <message>
        <source>Gửi nhận</source>
        <translation>Sending (outbox)</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Registers</translation>
    </message>
    <message>
        <source>Danh bạ cơ quan</source>
        <translation>Agency directory</translation>
    </message>
    <message>
        <source>Sổ văn bản đến</source>
        <translation>Incoming register</translation>
    </message>
    <message>
        <source>Dự thảo và văn bản chờ ký, chờ phát hành</source>
        <translation>Drafts and documents waiting to be signed or issued</translation>
    </message>
    <message>
        <source>Sổ văn bản đi</source>
        <translation>Outgoing register</translation>
    </message>
    <message>
        <source>Công cụ</source>
        <translation>Tools</translation>
    </message>
    <message>
        <source>Vào sổ văn bản đến…</source>
        <translation>Register incoming…</translation>
    </message>
    <message>
        <source>Vào sổ một văn bản đến từ tệp PDF</source>
        <translation>Register an incoming document from a PDF file</translation>
    </message>
    <message>
        <source>Xuất sổ…</source>
        <translation>Export register…</translation>
    </message>
    <message>
        <source>In sổ đăng ký ra PDF hoặc CSV</source>
        <translation>Print a register book as PDF or CSV</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Đọc lại danh sách</source>
        <translation>Read the list again</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Tìm văn bản</source>
        <translation>Find documents</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Sẵn sàng</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Mở kho dữ liệu</source>
        <translation>Opening the workspace</translation>
    </message>
    <message>
        <source>Không mở được kho dữ liệu</source>
        <translation>The workspace could not be opened</translation>
    </message>
    <message>
        <source>Mở văn bản</source>
        <translation>Opening the document</translation>
    </message>
    <message>
        <source>Chưa có hộp thoại vào sổ.</source>
        <translation>The registration dialog is not available.</translation>
    </message>
    <message>
        <source>Chưa có hộp thoại xuất sổ.</source>
        <translation>The export dialog is not available.</translation>
    </message>
    <message>
        <source>Cài đặt…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Cơ quan, sổ đăng ký, trục liên thông, thiết bị ký số, chứng thư tin cậy</source>
        <translation>Organisation, registers, axis, tokens, trusted certificates</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Đã lưu cài đặt.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>Đang làm dở</source>
        <translation>Work in progress</translation>
    </message>
    <message>
        <source>Công việc sau đang chạy:
%1

Thoát bây giờ sẽ dừng nó: phần đã xong vẫn được giữ, phần còn lại chưa được làm.</source>
        <translation>This work is still running:
%1

Quitting now stops it: what is finished is kept, the rest is not done.</translation>
    </message>
    <message>
        <source>&amp;Chờ làm xong</source>
        <translation>&amp;Wait until it finishes</translation>
    </message>
    <message>
        <source>&amp;Dừng và thoát</source>
        <translation>&amp;Stop and quit</translation>
    </message>
</context>
<context>
    <name>MarkedPage</name>
    <message>
        <source>Đang vẽ trang văn bản…</source>
        <translation>Drawing the page…</translation>
    </message>
    <message>
        <source>Trang văn bản với vị trí số, ngày và con dấu</source>
        <translation>The page with the places of the number, date and seal</translation>
    </message>
    <message>
        <source>Không vẽ được trang văn bản.</source>
        <translation>The page could not be drawn.</translation>
    </message>
    <message>
        <source>Sẽ ghi «%1» và «%2» trên trang %3.</source>
        <translation>«%1» and «%2» will be written on page %3.</translation>
    </message>
    <message>
        <source>Con dấu đóng trên trang %1.</source>
        <translation>The seal goes on page %1.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message numerus="yes">
        <source>Có %1 văn bản đến mới</source>
        <translation>
            <numerusform>%1 new incoming document</numerusform>
            <numerusform>%1 new incoming documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 văn bản khẩn: %2 — %3</source>
        <translation>
            <numerusform>%1 urgent document: %2 — %3</numerusform>
            <numerusform>%1 urgent documents: %2 — %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrganisationPage</name>
    <message>
        <source>Cơ quan và sổ đăng ký</source>
        <translation>Organisation and registers</translation>
    </message>
    <message>
        <source>&amp;Mã định danh:</source>
        <translation>Organisation &amp;identifier:</translation>
    </message>
    <message>
        <source>&amp;Tên cơ quan:</source>
        <translation>Organisation &amp;name:</translation>
    </message>
    <message>
        <source>Ủy ban nhân dân tỉnh …</source>
        <translation>People&apos;s Committee of … Province</translation>
    </message>
    <message>
        <source>Tên &amp;viết tắt:</source>
        <translation>&amp;Abbreviation:</translation>
    </message>
    <message>
        <source>Đị&amp;a danh:</source>
        <translation>&amp;Place name:</translation>
    </message>
    <message>
        <source>Đắk Lắk</source>
        <translation>Đắk Lắk</translation>
    </message>
    <message>
        <source>Tên viết tắt là một phần của ký hiệu mọi văn bản đi (QĐ-UBND); văn bản đã vào sổ giữ nguyên thông tin cũ. Địa danh đứng trước ngày tháng của văn bản.</source>
        <translation>The abbreviation is part of every outgoing symbol (QĐ-UBND); registered documents keep what they had. The place name comes before a document&apos;s date.</translation>
    </message>
    <message>
        <source>Mã sổ</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên sổ</source>
        <translation>Register name</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Nhóm</source>
        <translation>Series</translation>
    </message>
    <message>
        <source>Các sổ đăng ký</source>
        <translation>Registers</translation>
    </message>
    <message>
        <source>Mã sổ mới</source>
        <translation>New register code</translation>
    </message>
    <message>
        <source>Tên sổ mới</source>
        <translation>New register name</translation>
    </message>
    <message>
        <source>Loại sổ</source>
        <translation>Register direction</translation>
    </message>
    <message>
        <source>Văn bản đến</source>
        <translation>Incoming documents</translation>
    </message>
    <message>
        <source>Văn bản đi</source>
        <translation>Outgoing documents</translation>
    </message>
    <message>
        <source>Nhóm sổ</source>
        <translation>Register series</translation>
    </message>
    <message>
        <source>Thêm &amp;sổ</source>
        <translation>Add &amp;register</translation>
    </message>
    <message>
        <source>Thêm sổ đăng ký</source>
        <translation>Add a register</translation>
    </message>
    <message>
        <source>Thông báo về sổ đăng ký</source>
        <translation>Register notice</translation>
    </message>
    <message>
        <source>Sổ đăng ký văn bản</source>
        <translation>Document registers</translation>
    </message>
    <message>
        <source>Thường</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Mật</source>
        <translation>Secret</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source> (chờ lưu)</source>
        <translation> (not saved yet)</translation>
    </message>
    <message>
        <source>Sổ «%1» sẽ được thêm khi bấm Lưu.</source>
        <translation>Register «%1» is added when you press Save.</translation>
    </message>
</context>
<context>
    <name>OutgoingActions</name>
    <message>
        <source>&amp;Phát hành…</source>
        <translation>&amp;Issue…</translation>
    </message>
    <message>
        <source>Cấp số, đóng dấu và ký số của cơ quan</source>
        <translation>Number, seal and sign for the organisation</translation>
    </message>
    <message>
        <source>&amp;Gửi…</source>
        <translation>&amp;Send…</translation>
    </message>
    <message>
        <source>Gửi qua Trục liên thông</source>
        <translation>Send over the national document axis</translation>
    </message>
    <message>
        <source>Thu &amp;hồi…</source>
        <translation>Take &amp;back…</translation>
    </message>
    <message>
        <source>Thu hồi văn bản đã gửi</source>
        <translation>Take back the sent document</translation>
    </message>
    <message>
        <source>Cập &amp;nhật…</source>
        <translation>&amp;Update…</translation>
    </message>
    <message>
        <source>Gửi cập nhật văn bản đã gửi</source>
        <translation>Send an update of the sent document</translation>
    </message>
    <message>
        <source>Th&amp;ay thế…</source>
        <translation>Re&amp;place…</translation>
    </message>
    <message>
        <source>Gửi văn bản thay thế văn bản đã gửi</source>
        <translation>Send a document that replaces the sent one</translation>
    </message>
    <message>
        <source>Ghi chú gửi nhận</source>
        <translation>Exchange note</translation>
    </message>
    <message>
        <source>Đọc nơi nhận</source>
        <translation>Reading the recipients</translation>
    </message>
    <message>
        <source>Đã đưa yêu cầu thu hồi vào hàng gửi.</source>
        <translation>The take-back is queued for sending.</translation>
    </message>
    <message>
        <source>Đã đưa bản cập nhật vào hàng gửi.</source>
        <translation>The update is queued for sending.</translation>
    </message>
    <message>
        <source>Đã đưa văn bản thay thế vào hàng gửi.</source>
        <translation>The replacement is queued for sending.</translation>
    </message>
    <message>
        <source>Tìm văn bản thay thế</source>
        <translation>Looking for replacements</translation>
    </message>
</context>
<context>
    <name>PageRenderer</name>
    <message>
        <source>Hiển thị trang PDF</source>
        <translation>Drawing a PDF page</translation>
    </message>
</context>
<context>
    <name>PageSwitcher</name>
    <message>
        <source>Trang %1: &amp;số và ngày</source>
        <translation>Page %1: n&amp;umber and date</translation>
    </message>
    <message>
        <source>Trang %1: chữ &amp;ký và con dấu</source>
        <translation>Page %1: signa&amp;ture and seal</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <source>Không hiển thị được trang này.</source>
        <translation>This page cannot be shown.</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Trang văn bản</source>
        <translation>Document pages</translation>
    </message>
    <message>
        <source>Hình thu nhỏ các trang</source>
        <translation>Page thumbnails</translation>
    </message>
    <message>
        <source>Thông báo xem trước</source>
        <translation>Preview message</translation>
    </message>
    <message>
        <source>Chưa chọn văn bản.</source>
        <translation>No document selected.</translation>
    </message>
    <message>
        <source>Văn bản không có tệp.</source>
        <translation>The document has no file.</translation>
    </message>
    <message>
        <source>Xem trước tệp</source>
        <translation>Previewing the file</translation>
    </message>
    <message>
        <source>Không xem trước được tệp.</source>
        <translation>The file cannot be previewed.</translation>
    </message>
    <message>
        <source>Đang mở tệp…</source>
        <translation>Opening the file…</translation>
    </message>
    <message>
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Thanh công cụ xem trước</source>
        <translation>Preview tool bar</translation>
    </message>
    <message>
        <source>Hình thu nhỏ</source>
        <translation>Thumbnails</translation>
    </message>
    <message>
        <source>Trang đầu</source>
        <translation>First page</translation>
    </message>
    <message>
        <source>Trang trước</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Trang sau</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>Trang cuối</source>
        <translation>Last page</translation>
    </message>
    <message>
        <source>Thu nhỏ</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Phóng to</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Vừa chiều rộng</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>Vừa trang</source>
        <translation>Fit page</translation>
    </message>
    <message>
        <source>Đến trang</source>
        <translation>Go to page</translation>
    </message>
    <message>
        <source>Số trang đang xem</source>
        <translation>Page shown</translation>
    </message>
    <message>
        <source>Gõ số trang rồi nhấn Enter (Ctrl+G)</source>
        <translation>Type a page number and press Enter (Ctrl+G)</translation>
    </message>
    <message>
        <source>Tổng số trang</source>
        <translation>Number of pages</translation>
    </message>
    <message>
        <source>Mức thu phóng</source>
        <translation>Zoom level</translation>
    </message>
</context>
<context>
    <name>PinBox</name>
    <message>
        <source>Cảnh báo về mã PIN</source>
        <translation>PIN warning</translation>
    </message>
    <message>
        <source>Lỗi mã PIN</source>
        <translation>PIN error</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Nhập mã PIN của thiết bị ký số</source>
        <translation>Type the token&apos;s PIN</translation>
    </message>
    <message>
        <source>Mã &amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <source>Gợi ý mã PIN thử nghiệm</source>
        <translation>Test PIN hint</translation>
    </message>
    <message>
        <source>Hướng dẫn nhập mã PIN</source>
        <translation>How to enter the PIN</translation>
    </message>
    <message>
        <source>Đang đọc trạng thái thiết bị ký số…</source>
        <translation>Reading the token&apos;s state…</translation>
    </message>
    <message>
        <source>Mã PIN của thiết bị đã bị khóa do nhập sai quá số lần cho phép. Không thể ký bằng thiết bị này: hãy liên hệ tổ chức cấp chứng thư số (CA) để mở khóa.</source>
        <translation>The token&apos;s PIN is locked after too many wrong tries. This token cannot sign: ask the certificate authority (CA) to unblock it.</translation>
    </message>
    <message>
        <source>Chú ý: chỉ còn một lần thử. Nếu nhập sai mã PIN lần nữa, thiết bị sẽ bị khóa.</source>
        <translation>Careful: one try left. One more wrong PIN locks the token.</translation>
    </message>
    <message>
        <source>Trước đó đã có lần nhập sai mã PIN. Hãy nhập cẩn thận: thiết bị sẽ bị khóa nếu nhập sai nhiều lần.</source>
        <translation>A wrong PIN was entered before. Type it carefully: the token locks after several wrong tries.</translation>
    </message>
    <message>
        <source>Thiết bị này có bàn phím riêng: khi bấm «Ký», hãy nhập mã PIN trên bàn phím của thiết bị.</source>
        <translation>This token has its own keypad: after clicking «Sign», type the PIN on the token&apos;s keypad.</translation>
    </message>
    <message>
        <source>Thiết bị ký số thử nghiệm của bản demo — mã PIN: %1</source>
        <translation>Demo test token — PIN: %1</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Nhập mã PIN</source>
        <translation>Enter the PIN</translation>
    </message>
    <message>
        <source>Thiết bị ký số: %1</source>
        <translation>Token: %1</translation>
    </message>
</context>
<context>
    <name>PinField</name>
    <message>
        <source>Mã PIN của thiết bị ký số</source>
        <translation>The token&apos;s PIN</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>PlacementView</name>
    <message>
        <source>Vị trí chữ ký trên trang</source>
        <translation>Signature position on the page</translation>
    </message>
    <message>
        <source>Kéo ô chữ ký đến chỗ cần ký, hoặc dùng các phím mũi tên (Shift: bước lớn)</source>
        <translation>Drag the signature box to where it goes, or use the arrow keys (Shift: bigger steps)</translation>
    </message>
    <message>
        <source>Trang %1: cách lề trái %2 mm, cách mép trên %3 mm</source>
        <translation>Page %1: %2 mm from the left edge, %3 mm from the top</translation>
    </message>
    <message>
        <source>Chữ ký</source>
        <translation>Signature</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>&amp;Lý do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Hủy bỏ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecipientPicker</name>
    <message>
        <source>Tìm cơ quan: tên (có dấu hoặc không) hoặc mã định danh</source>
        <translation>Find an organisation: its name (with or without diacritics) or its identifier</translation>
    </message>
    <message>
        <source>Tìm cơ quan nhận</source>
        <translation>Find a recipient organisation</translation>
    </message>
    <message>
        <source>Cơ quan tìm thấy</source>
        <translation>Organisations found</translation>
    </message>
    <message>
        <source>Nơi nhận đã chọn</source>
        <translation>Chosen recipients</translation>
    </message>
    <message>
        <source>&amp;Thêm →</source>
        <translation>&amp;Add →</translation>
    </message>
    <message>
        <source>Thêm cơ quan vào nơi nhận</source>
        <translation>Add the organisation to the recipients</translation>
    </message>
    <message>
        <source>&amp;Bỏ</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>Bỏ nơi nhận đã chọn</source>
        <translation>Remove the selected recipients</translation>
    </message>
    <message>
        <source>Nhóm nơi nhận</source>
        <translation>Recipient group</translation>
    </message>
    <message>
        <source>&amp;Dùng nhóm</source>
        <translation>&amp;Use group</translation>
    </message>
    <message>
        <source>Thêm các cơ quan của nhóm</source>
        <translation>Add the group&apos;s organisations</translation>
    </message>
    <message>
        <source>&amp;Lưu thành nhóm…</source>
        <translation>Sa&amp;ve as group…</translation>
    </message>
    <message>
        <source>Lưu nơi nhận đã chọn thành nhóm</source>
        <translation>Save the chosen recipients as a group</translation>
    </message>
    <message>
        <source>Tìm &amp;cơ quan:</source>
        <translation>Find an &amp;organisation:</translation>
    </message>
    <message>
        <source>&amp;Nhóm:</source>
        <translation>&amp;Group:</translation>
    </message>
    <message>
        <source>Trong danh bạ:</source>
        <translation>In the directory:</translation>
    </message>
    <message>
        <source>Nơi nhận:</source>
        <translation>Recipients:</translation>
    </message>
    <message>
        <source>Đọc danh bạ cơ quan</source>
        <translation>Reading the directory</translation>
    </message>
    <message>
        <source>Danh bạ cơ quan đang trống: hãy cập nhật danh bạ từ Trục (Danh bạ cơ quan).</source>
        <translation>The directory is empty: refresh it from the axis (Directory).</translation>
    </message>
    <message>
        <source>Tìm trong danh bạ</source>
        <translation>Searching the directory</translation>
    </message>
    <message>
        <source>Đọc nhóm nơi nhận</source>
        <translation>Reading the recipient groups</translation>
    </message>
    <message>
        <source>%1 (%2 cơ quan)</source>
        <translation>%1 (%2 organisations)</translation>
    </message>
    <message>
        <source>Chưa có nhóm nào</source>
        <translation>No group yet</translation>
    </message>
    <message>
        <source>Lưu nhóm nơi nhận</source>
        <translation>Save the recipient group</translation>
    </message>
    <message>
        <source>Tên nhóm (ví dụ: Các sở, ban, ngành):</source>
        <translation>Group name (e.g. The departments):</translation>
    </message>
    <message>
        <source>Đã lưu nhóm «%1».</source>
        <translation>Group «%1» saved.</translation>
    </message>
</context>
<context>
    <name>RegisterExportForm</name>
    <message>
        <source>Sổ văn &amp;bản đến</source>
        <translation>&amp;Incoming register</translation>
    </message>
    <message>
        <source>Sổ văn bản đến</source>
        <translation>Incoming register</translation>
    </message>
    <message>
        <source>Sổ văn bản đ&amp;i</source>
        <translation>&amp;Outgoing register</translation>
    </message>
    <message>
        <source>Sổ văn bản đi</source>
        <translation>Outgoing register</translation>
    </message>
    <message>
        <source>Loại sổ:</source>
        <translation>Kind of register:</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>&amp;Sổ:</source>
        <translation>&amp;Register:</translation>
    </message>
    <message>
        <source>Cả &amp;năm</source>
        <translation>&amp;Whole year</translation>
    </message>
    <message>
        <source>Cả năm</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>&amp;Khoảng ngày: từ</source>
        <translation>&amp;Dates: from</translation>
    </message>
    <message>
        <source>Khoảng ngày</source>
        <translation>Date range</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến ngày</source>
        <translation>To</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Thời gian:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>&amp;PDF — để in và đóng quyển</source>
        <translation>&amp;PDF — to print and bind</translation>
    </message>
    <message>
        <source>Định dạng PDF</source>
        <translation>PDF format</translation>
    </message>
    <message>
        <source>&amp;CSV — mở bằng Excel</source>
        <translation>&amp;CSV — to open in Excel</translation>
    </message>
    <message>
        <source>Định dạng CSV</source>
        <translation>CSV format</translation>
    </message>
    <message>
        <source>Định dạng:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Tệp để lưu</source>
        <translation>File to save</translation>
    </message>
    <message>
        <source>C&amp;họn…</source>
        <translation>C&amp;hoose…</translation>
    </message>
    <message>
        <source>Chọn tệp để lưu</source>
        <translation>Choose the file to save</translation>
    </message>
    <message>
        <source>&amp;Lưu vào:</source>
        <translation>&amp;Save to:</translation>
    </message>
    <message>
        <source>Số văn bản sẽ xuất</source>
        <translation>Documents to export</translation>
    </message>
    <message>
        <source>Lưu sổ đăng ký</source>
        <translation>Save the register</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>RegisterIncomingDialog</name>
    <message>
        <source>Vào sổ văn bản đến</source>
        <translation>Register an incoming document</translation>
    </message>
    <message>
        <source>Kéo thả tệp PDF vào đây hoặc chọn tệp (văn bản giấy: để trống)</source>
        <translation>Drop a PDF file here or choose one (paper document: leave empty)</translation>
    </message>
    <message>
        <source>Tệp văn bản</source>
        <translation>Document file</translation>
    </message>
    <message>
        <source>Chọn &amp;tệp…</source>
        <translation>Choose &amp;file…</translation>
    </message>
    <message>
        <source>Chọn tệp PDF</source>
        <translation>Choose a PDF file</translation>
    </message>
    <message>
        <source>Chọn tệp PDF (Ctrl+O)</source>
        <translation>Choose a PDF file (Ctrl+O)</translation>
    </message>
    <message>
        <source>&amp;Bỏ tệp</source>
        <translation>Remo&amp;ve file</translation>
    </message>
    <message>
        <source>Bỏ tệp đã chọn</source>
        <translation>Remove the chosen file</translation>
    </message>
    <message>
        <source>Tình trạng tệp</source>
        <translation>File status</translation>
    </message>
    <message>
        <source>gợi ý đọc từ tệp: hãy kiểm tra lại trước khi vào sổ.</source>
        <translation>suggested from the file: check before registering.</translation>
    </message>
    <message>
        <source>Kéo thả tệp PDF vào đây</source>
        <translation>Drop a PDF file here</translation>
    </message>
    <message>
        <source>Trang đầu của tệp</source>
        <translation>First page of the file</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Vào sổ</source>
        <translation>Regis&amp;ter</translation>
    </message>
    <message>
        <source>Vào sổ</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Vào sổ văn bản đến (Ctrl+Enter)</source>
        <translation>Register the incoming document (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Vào sổ văn bản khác</source>
        <translation>Register another document</translation>
    </message>
    <message>
        <source>&amp;Vào sổ văn bản khác</source>
        <translation>Register &amp;another</translation>
    </message>
    <message>
        <source>Một văn bản nữa, cùng cơ quan ban hành</source>
        <translation>One more document from the same issuing organisation</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đọc danh sách sổ</source>
        <translation>Reading the list of registers</translation>
    </message>
    <message>
        <source>Chọn tệp văn bản đến</source>
        <translation>Choose the incoming document&apos;s file</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf *.PDF)</source>
        <translation>PDF files (*.pdf *.PDF)</translation>
    </message>
    <message>
        <source>Đang đọc tệp…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Đọc tệp</source>
        <translation>Reading the file</translation>
    </message>
    <message>
        <source>Không đọc được tệp</source>
        <translation>The file cannot be read</translation>
    </message>
    <message numerus="yes">
        <source>%n trang</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ô được điền sẵn từ nội dung tệp</source>
        <translation>
            <numerusform>%n field filled in from the file&apos;s text</numerusform>
            <numerusform>%n fields filled in from the file&apos;s text</numerusform>
        </translation>
    </message>
    <message>
        <source>không đọc được thông tin nào từ nội dung tệp (có thể là bản quét)</source>
        <translation>nothing could be read from the file&apos;s text (a scan, perhaps)</translation>
    </message>
    <message>
        <source>Không vẽ được trang đầu</source>
        <translation>The first page cannot be drawn</translation>
    </message>
    <message>
        <source>Tìm trong danh bạ</source>
        <translation>Searching the directory</translation>
    </message>
    <message>
        <source>Kiểm tra trùng lặp</source>
        <translation>Looking for duplicates</translation>
    </message>
    <message>
        <source>Chưa vào sổ: văn bản trùng với văn bản đã có.</source>
        <translation>Not registered: the document repeats one already registered.</translation>
    </message>
    <message>
        <source>Chưa vào sổ: có lỗi không lường trước.</source>
        <translation>Not registered: an unexpected error occurred.</translation>
    </message>
    <message>
        <source>Trích xuất nội dung</source>
        <translation>Extracting the text</translation>
    </message>
    <message>
        <source>Đang kiểm tra văn bản trùng…</source>
        <translation>Looking for duplicates…</translation>
    </message>
    <message>
        <source>Văn bản có thể đã được vào sổ: hãy chọn.</source>
        <translation>The document may already be registered: choose.</translation>
    </message>
    <message>
        <source>Đang vào sổ và kiểm tra chữ ký số…</source>
        <translation>Registering and verifying the signatures…</translation>
    </message>
    <message>
        <source>Đang mở kho dữ liệu…</source>
        <translation>Opening the workspace…</translation>
    </message>
    <message>
        <source>Tệp không dùng được: hãy chọn tệp khác hoặc bỏ tệp.</source>
        <translation>The file cannot be used: choose another file or remove it.</translation>
    </message>
    <message>
        <source>Chọn hoặc kéo thả tệp PDF, hoặc nhập thông tin văn bản.</source>
        <translation>Choose or drop a PDF file, or type in the document&apos;s details.</translation>
    </message>
    <message>
        <source>Còn thiếu: %1.</source>
        <translation>Missing: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n ô chưa đúng.</source>
        <translation>
            <numerusform>%n field is not right.</numerusform>
            <numerusform>%n fields are not right.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sẵn sàng vào sổ (Ctrl+Enter).</source>
        <translation>Ready to register (Ctrl+Enter).</translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>Số văn bản</source>
        <translation>Number of documents</translation>
    </message>
    <message>
        <source>Đếm văn bản</source>
        <translation>Counting the documents</translation>
    </message>
    <message numerus="yes">
        <source>%1 / %2%3 văn bản</source>
        <translation>
            <numerusform>%1 / %2%3 document</numerusform>
            <numerusform>%1 / %2%3 documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegistersView</name>
    <message>
        <source>Sổ đăng ký văn bản</source>
        <translation>Document registers</translation>
    </message>
    <message>
        <source>Mã sổ</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên sổ</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Số văn bản</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Số cuối</source>
        <translation>Last number</translation>
    </message>
    <message>
        <source>Đã hủy</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Xuất sổ…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Xuất sổ đăng ký ra PDF hoặc CSV</source>
        <translation>Export the register as PDF or CSV</translation>
    </message>
    <message>
        <source>Đọc sổ</source>
        <translation>Reading the registers</translation>
    </message>
</context>
<context>
    <name>RegistrationResult</name>
    <message>
        <source>Kết quả vào sổ</source>
        <translation>Registration result</translation>
    </message>
    <message>
        <source>Kết quả kiểm tra chữ ký số</source>
        <translation>Signature verification result</translation>
    </message>
    <message>
        <source>Trích xuất nội dung</source>
        <translation>Text extraction</translation>
    </message>
    <message>
        <source>Đã vào sổ đến: số %1/%2</source>
        <translation>Registered: arrival number %1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n chữ ký</source>
        <translation>
            <numerusform>%n signature</numerusform>
            <numerusform>%n signatures</numerusform>
        </translation>
    </message>
    <message>
        <source>Chữ ký số: %1 (%2)</source>
        <translation>Signatures: %1 (%2)</translation>
    </message>
    <message>
        <source>Chữ ký số: %1</source>
        <translation>Signatures: %1</translation>
    </message>
    <message>
        <source>Chưa kiểm tra chữ ký: %1</source>
        <translation>Signatures not verified: %1</translation>
    </message>
    <message>
        <source>Chưa kiểm tra chữ ký: văn bản không có tệp.</source>
        <translation>Signatures not verified: the document has no file.</translation>
    </message>
    <message>
        <source>Chưa kiểm tra chữ ký: máy này chưa cài bộ kiểm tra chữ ký số.</source>
        <translation>Signatures not verified: the signature checker is not installed on this computer.</translation>
    </message>
    <message>
        <source>Đang trích xuất nội dung để tìm kiếm…</source>
        <translation>Extracting the text for the search…</translation>
    </message>
    <message>
        <source>Đã trích xuất nội dung để tìm kiếm.</source>
        <translation>The text was extracted for the search.</translation>
    </message>
    <message>
        <source>Tệp lớn: nội dung sẽ được trích xuất trong nền để tìm kiếm.</source>
        <translation>A large file: its text will be extracted for the search in the background.</translation>
    </message>
    <message>
        <source>Chưa trích xuất được nội dung; sẽ thử lại sau.</source>
        <translation>The text could not be extracted yet; it will be tried again later.</translation>
    </message>
</context>
<context>
    <name>ReplaceDialog</name>
    <message>
        <source>Thay thế văn bản</source>
        <translation>Replace the document</translation>
    </message>
    <message>
        <source>Gửi một văn bản đã phát hành để thay thế văn bản %1 tại mọi nơi đã nhận.</source>
        <translation>Send an issued document to replace %1 everywhere it was received.</translation>
    </message>
    <message>
        <source>Gửi văn bản &amp;thay thế</source>
        <translation>&amp;Send the replacement</translation>
    </message>
    <message>
        <source>Văn bản thay thế</source>
        <translation>Replacement document</translation>
    </message>
    <message>
        <source>Đang tìm văn bản đã phát hành…</source>
        <translation>Looking for issued documents…</translation>
    </message>
    <message>
        <source>&amp;Văn bản thay thế:</source>
        <translation>Re&amp;placement:</translation>
    </message>
    <message>
        <source>Chưa có văn bản đã phát hành nào để thay thế</source>
        <translation>No issued document to replace it with yet</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Thu hồi văn bản</source>
        <translation>Take back the document</translation>
    </message>
    <message>
        <source>Thu hồi văn bản %1 từ mọi nơi đã nhận; nơi nhận hủy bản của họ.</source>
        <translation>Take %1 back from everywhere it was received; the recipients cancel their copies.</translation>
    </message>
    <message>
        <source>&amp;Thu hồi</source>
        <translation>&amp;Take back</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Tìm văn bản (gõ không dấu cũng được) — Ctrl+F</source>
        <translation>Find documents (diacritics optional) — Ctrl+F</translation>
    </message>
    <message>
        <source>Tìm kiếm văn bản</source>
        <translation>Search documents</translation>
    </message>
    <message>
        <source>Tìm kiếm</source>
        <translation>Searching</translation>
    </message>
    <message numerus="yes">
        <source>%1 kết quả đầu / %2%3 văn bản khớp (%4 ms)</source>
        <translation>
            <numerusform>first %1 of %2%3 matching document (%4 ms)</numerusform>
            <numerusform>first %1 of %2%3 matching documents (%4 ms)</numerusform>
        </translation>
    </message>
    <message>
        <source>Không tìm thấy văn bản nào.</source>
        <translation>No document found.</translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source>Kết quả tìm kiếm</source>
        <translation>Search results</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <source>Gửi văn bản qua Trục liên thông</source>
        <translation>Send the document over the axis</translation>
    </message>
    <message>
        <source>Đang đọc văn bản…</source>
        <translation>Reading the document…</translation>
    </message>
    <message>
        <source>Văn bản gửi đi</source>
        <translation>Document to send</translation>
    </message>
    <message>
        <source>Lý do không gửi được</source>
        <translation>Why it cannot be sent</translation>
    </message>
    <message>
        <source>Tình trạng gửi</source>
        <translation>Sending status</translation>
    </message>
    <message>
        <source>&amp;Gửi</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Gửi tới các nơi nhận đã chọn</source>
        <translation>Send to the chosen recipients</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đọc văn bản</source>
        <translation>Reading the document</translation>
    </message>
    <message>
        <source>Đang đưa văn bản vào hàng gửi…</source>
        <translation>Queuing the document…</translation>
    </message>
    <message>
        <source>Gửi văn bản</source>
        <translation>Sending the document</translation>
    </message>
    <message numerus="yes">
        <source>Đã đưa vào hàng gửi tới %n nơi nhận; văn bản đi ở lượt đồng bộ tới.</source>
        <translation>
            <numerusform>Queued for %n recipient; it leaves with the next sync.</numerusform>
            <numerusform>Queued for %n recipients; it leaves with the next sync.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendingView</name>
    <message>
        <source>Gửi nhận qua Trục liên thông</source>
        <translation>Sending over the national document axis</translation>
    </message>
    <message>
        <source>Gói</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Gửi đến</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Lần thử</source>
        <translation>Tries</translation>
    </message>
    <message>
        <source>Thử lại lúc</source>
        <translation>Next try</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Tình trạng gửi nhận</source>
        <translation>Sending state</translation>
    </message>
    <message>
        <source>Gửi &amp;lại ngay</source>
        <translation>Re&amp;try now</translation>
    </message>
    <message>
        <source>Gửi lại gói đã chọn ngay</source>
        <translation>Send the chosen package again now</translation>
    </message>
    <message>
        <source>Đồng &amp;bộ ngay</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>Gửi và nhận qua Trục ngay bây giờ</source>
        <translation>Send and receive over the axis now</translation>
    </message>
    <message>
        <source>Gửi và nhận qua Trục ngay bây giờ (F9)</source>
        <translation>Send and receive over the axis now (F9)</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Đọc hàng gửi</source>
        <translation>Reading the outbox</translation>
    </message>
    <message>
        <source>đã gửi lúc %1</source>
        <translation>sent at %1</translation>
    </message>
    <message>
        <source>chờ gửi</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>lỗi, cần xem lại</source>
        <translation>failed, needs a look</translation>
    </message>
    <message>
        <source>chờ gửi lại</source>
        <translation>waiting to retry</translation>
    </message>
    <message>
        <source>Không kết nối được Trục; sẽ tự thử lại</source>
        <translation>The axis could not be reached; it will be retried</translation>
    </message>
    <message>
        <source>Trục trả lời không đúng giao thức; sẽ thử lại</source>
        <translation>The axis answered outside the protocol; it will be retried</translation>
    </message>
    <message>
        <source>Trục không chấp nhận mã hệ thống hay khóa bí mật</source>
        <translation>The axis does not accept the system id or the secret</translation>
    </message>
    <message>
        <source>Đồng hồ máy lệch so với Trục; hãy chỉnh giờ máy</source>
        <translation>This computer&apos;s clock differs from the axis; set the clock</translation>
    </message>
    <message>
        <source>Chứng thư của Trục không tin cậy được</source>
        <translation>The axis&apos;s certificate is not trusted</translation>
    </message>
    <message>
        <source>Trục từ chối gói tin; gửi lại y nguyên sẽ không được</source>
        <translation>The axis refused the package; sending it unchanged will not help</translation>
    </message>
    <message>
        <source>Không lập được gói tin (%1)</source>
        <translation>The package could not be built (%1)</translation>
    </message>
    <message>
        <source>văn bản</source>
        <translation>document</translation>
    </message>
    <message>
        <source>trạng thái</source>
        <translation>status</translation>
    </message>
    <message>
        <source>%1 chờ gửi, %2 lỗi</source>
        <translation>%1 waiting, %2 failed</translation>
    </message>
    <message>
        <source>Gửi lại</source>
        <translation>Sending again</translation>
    </message>
    <message>
        <source>Chưa cài đặt Trục liên thông.</source>
        <translation>The axis is not set up.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Các trang cài đặt</source>
        <translation>Settings pages</translation>
    </message>
    <message>
        <source>Cài đặt do quản trị viên đặt</source>
        <translation>Settings set by the administrator</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>&amp;Lưu</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Lưu cài đặt</source>
        <translation>Save the settings</translation>
    </message>
    <message>
        <source>Lưu mọi thay đổi (Ctrl+Enter)</source>
        <translation>Save every change (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Hủy</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Hủy thay đổi</source>
        <translation>Cancel the changes</translation>
    </message>
    <message>
        <source>Bỏ mọi thay đổi (Esc)</source>
        <translation>Discard every change (Esc)</translation>
    </message>
    <message>
        <source>Đang đọc cài đặt…</source>
        <translation>Reading the settings…</translation>
    </message>
    <message>
        <source>Đọc cài đặt</source>
        <translation>Read the settings</translation>
    </message>
    <message>
        <source>Không đọc được tệp chính sách của quản trị viên (%1): %2. Mọi cài đặt bị khóa; hãy báo quản trị viên.</source>
        <translation>The administrator&apos;s policy file (%1) cannot be read: %2. Every setting is locked; tell the administrator.</translation>
    </message>
    <message>
        <source>Một số cài đặt do quản trị viên đặt (%1) và được hiển thị có ổ khóa; không thay đổi được ở đây.</source>
        <translation>Some settings are set by the administrator (%1) and shown with a padlock; they cannot be changed here.</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>SignActions</name>
    <message>
        <source>Ký duyệt…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <source>Ký duyệt văn bản đang xem, hoặc các dự thảo đang chọn, bằng thiết bị ký số</source>
        <translation>Sign the document shown, or the drafts selected, with the approval signature on your token</translation>
    </message>
    <message>
        <source>Ký các dự thảo…</source>
        <translation>Sign all drafts…</translation>
    </message>
    <message>
        <source>Ký duyệt mọi dự thảo đang chờ ký bằng một lần nhập mã PIN</source>
        <translation>Sign every draft waiting, with one PIN entry</translation>
    </message>
    <message>
        <source>Tìm dự thảo chờ ký</source>
        <translation>Finding the drafts to sign</translation>
    </message>
    <message>
        <source>Không có dự thảo nào chờ ký.</source>
        <translation>No draft is waiting to be signed.</translation>
    </message>
    <message>
        <source>Đọc sổ</source>
        <translation>Reading the register</translation>
    </message>
</context>
<context>
    <name>SignBar</name>
    <message>
        <source>Ký duyệt…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <source>Ký duyệt văn bản này</source>
        <translation>Approve and sign this document</translation>
    </message>
    <message>
        <source>Ký duyệt văn bản bằng thiết bị ký số (Ctrl+K)</source>
        <translation>Sign the document with the approval signature on your token (Ctrl+K)</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Ký duyệt văn bản</source>
        <translation>Approval signature</translation>
    </message>
    <message>
        <source>Văn bản cần ký</source>
        <translation>Document to sign</translation>
    </message>
    <message>
        <source>Tiến độ ký</source>
        <translation>Signing progress</translation>
    </message>
    <message>
        <source>%v / %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Kết quả ký</source>
        <translation>Signing result</translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Các văn bản và kết quả ký</source>
        <translation>Documents and their signing results</translation>
    </message>
    <message>
        <source>&amp;Ký</source>
        <translation>&amp;Sign</translation>
    </message>
    <message>
        <source>Ký</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>&amp;Dừng</source>
        <translation>St&amp;op</translation>
    </message>
    <message>
        <source>Dừng ký</source>
        <translation>Stop signing</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chữ ký số</source>
        <translation>Digital signature</translation>
    </message>
    <message>
        <source>Vị trí chữ ký</source>
        <translation>Signature position</translation>
    </message>
    <message>
        <source>Đang vẽ trang văn bản…</source>
        <translation>Drawing the page…</translation>
    </message>
    <message>
        <source>Đang đọc văn bản…</source>
        <translation>Reading the document…</translation>
    </message>
    <message>
        <source>Đọc văn bản</source>
        <translation>Reading the document</translation>
    </message>
    <message>
        <source>Chuẩn bị ký số</source>
        <translation>Preparing to sign</translation>
    </message>
    <message numerus="yes">
        <source>Ký duyệt %n văn bản bằng một lần nhập mã PIN</source>
        <translation>
            <numerusform>Sign %n document with one PIN entry</numerusform>
            <numerusform>Sign %n documents with one PIN entry</numerusform>
        </translation>
    </message>
    <message>
        <source>Văn bản chưa có tệp.</source>
        <translation>The document has no file yet.</translation>
    </message>
    <message>
        <source>Vẽ trang văn bản</source>
        <translation>Drawing the page</translation>
    </message>
    <message>
        <source>Trang văn bản bị xoay: chữ ký được đặt dưới chức danh người ký.</source>
        <translation>The page is rotated: the signature goes below the signer&apos;s title.</translation>
    </message>
    <message>
        <source>Vị trí gợi ý: dưới dòng «%1». Kéo ô chữ ký hoặc dùng phím mũi tên để đổi.</source>
        <translation>Suggested place: below «%1». Drag the box or use the arrow keys to move it.</translation>
    </message>
    <message>
        <source>Không thấy chức danh «%1» trên văn bản: hãy kéo ô chữ ký đến chỗ cần ký.</source>
        <translation>The title «%1» is not on the document: drag the signature box to where it goes.</translation>
    </message>
    <message>
        <source>Hãy kéo ô chữ ký đến chỗ cần ký.</source>
        <translation>Drag the signature box to where it goes.</translation>
    </message>
    <message>
        <source>Ảnh chữ ký: ảnh mẫu (chưa cài ảnh chữ ký riêng trong Cài đặt).</source>
        <translation>Signature image: the sample (no signature image of your own in Settings yet).</translation>
    </message>
    <message>
        <source>Ảnh chữ ký: %1</source>
        <translation>Signature image: %1</translation>
    </message>
    <message>
        <source>Đọc trạng thái thiết bị ký số</source>
        <translation>Reading the token&apos;s state</translation>
    </message>
    <message>
        <source>Đang ký…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <source>Đang dừng sau văn bản đang ký…</source>
        <translation>Stopping after the document being signed…</translation>
    </message>
    <message numerus="yes">
        <source>Thiết bị ký số đã bị rút ra giữa chừng. Các văn bản đã ký vẫn được giữ; %n văn bản còn lại chưa được ký và không bị thay đổi. Hãy cắm lại thiết bị, bấm «Tìm lại» rồi «Ký» để ký tiếp.</source>
        <translation>
            <numerusform>The token was pulled out midway. The documents signed stay signed; the %n document left was not signed and is unchanged. Plug the token in again, click «Search again», then «Sign» to go on.</numerusform>
            <numerusform>The token was pulled out midway. The documents signed stay signed; the %n documents left were not signed and are unchanged. Plug the token in again, click «Search again», then «Sign» to go on.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã dừng: %n văn bản chưa được ký.</source>
        <translation>
            <numerusform>Stopped: %n document not signed.</numerusform>
            <numerusform>Stopped: %n documents not signed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã ký %1, lỗi %2, chưa ký %3.</source>
        <translation>Signed %1, failed %2, not signed %3.</translation>
    </message>
    <message>
        <source>Chưa ký được.</source>
        <translation>Not signed.</translation>
    </message>
    <message>
        <source>Dự thảo %1</source>
        <translation>Draft %1</translation>
    </message>
    <message>
        <source>Đã ký (phiên bản %1)</source>
        <translation>Signed (version %1)</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Chưa ký</source>
        <translation>Not signed</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Ký %n văn bản</source>
        <translation>
            <numerusform>&amp;Sign %n document</numerusform>
            <numerusform>&amp;Sign %n documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignatureDetailsDialog</name>
    <message>
        <source>Chi tiết {kind} {index} — {who}</source>
        <translation>Details of {kind} {index} — {who}</translation>
    </message>
    <message>
        <source>Chi tiết chữ ký số</source>
        <translation>Signature details</translation>
    </message>
    <message>
        <source>&amp;Sao chép</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>Sao chép toàn bộ chi tiết</source>
        <translation>Copy all the details</translation>
    </message>
    <message>
        <source>Sao chép toàn bộ chi tiết (Ctrl+Shift+C)</source>
        <translation>Copy all the details (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Kết luận</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Cơ quan, tổ chức</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Tổ chức cấp chứng thư</source>
        <translation>Certificate issued by</translation>
    </message>
    <message>
        <source>Thời điểm xác nhận</source>
        <translation>Time certified</translation>
    </message>
    <message>
        <source>Thời điểm ký</source>
        <translation>Signing time</translation>
    </message>
    <message>
        <source>Mức chữ ký</source>
        <translation>Signature level</translation>
    </message>
    <message>
        <source>Ô chữ ký</source>
        <translation>Signature field</translation>
    </message>
    <message>
        <source>Kiểu chữ ký</source>
        <translation>Signature type</translation>
    </message>
    <message>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>không</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Nguyên vẹn</source>
        <translation>Intact</translation>
    </message>
    <message>
        <source>Tin cậy</source>
        <translation>Trusted</translation>
    </message>
    <message>
        <source>Tổng quan</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Lý do, lưu ý</source>
        <translation>Reasons and notes</translation>
    </message>
    <message>
        <source>Kiểm tra lúc</source>
        <translation>Checked at</translation>
    </message>
    <message>
        <source>trực tuyến</source>
        <translation>online</translation>
    </message>
    <message>
        <source>ngoại tuyến</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>Cách kiểm tra</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Lần kiểm tra</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>Chủ thể</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Tổ chức cấp</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>Số hiệu</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <source>Hiệu lực</source>
        <translation>Validity</translation>
    </message>
    <message>
        <source>từ {start} đến {end}</source>
        <translation>from {start} to {end}</translation>
    </message>
    <message>
        <source>Mục đích của khóa</source>
        <translation>Key usage</translation>
    </message>
    <message>
        <source>Mục đích mở rộng</source>
        <translation>Extended key usage</translation>
    </message>
    <message>
        <source>Khóa công khai</source>
        <translation>Public key</translation>
    </message>
    <message>
        <source>Mã khóa</source>
        <translation>Key ID</translation>
    </message>
    <message>
        <source>Dấu vân tay SHA-256</source>
        <translation>SHA-256 fingerprint</translation>
    </message>
    <message>
        <source>Chứng thư số của đơn vị cấp dấu thời gian</source>
        <translation>Certificate of the timestamp authority</translation>
    </message>
    <message>
        <source>Chứng thư số của người ký</source>
        <translation>Signer&apos;s certificate</translation>
    </message>
    <message>
        <source>Báo cáo kiểm tra này không ghi chi tiết chứng thư.</source>
        <translation>This verification report does not record the certificate&apos;s details.</translation>
    </message>
    <message>
        <source>Chuỗi chứng thư (từ người ký lên gốc)</source>
        <translation>Certificate chain (from the signer up to the root)</translation>
    </message>
    <message>
        <source>Báo cáo kiểm tra này không ghi chuỗi chứng thư.</source>
        <translation>This verification report does not record the certificate chain.</translation>
    </message>
    <message>
        <source>Tên đầy đủ</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Dấu thời gian</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <source>Báo cáo kiểm tra này không ghi chi tiết dấu thời gian.</source>
        <translation>This verification report does not record the timestamp&apos;s details.</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Chữ ký không có dấu thời gian: thời điểm ký do phần mềm ký tự ghi, chưa được chứng minh.</source>
        <translation>The signature has no timestamp: the signing time was written by the signing software and is not proven.</translation>
    </message>
    <message>
        <source>Đơn vị cấp</source>
        <translation>Authority</translation>
    </message>
    <message>
        <source>Hợp lệ</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Đơn vị cấp được tin cậy</source>
        <translation>Authority trusted</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Tình trạng tại</source>
        <translation>Status as of</translation>
    </message>
    <message>
        <source>Phương thức</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Kiểm tra thu hồi</source>
        <translation>Revocation</translation>
    </message>
    <message>
        <source>Phiên bản được ký</source>
        <translation>Revision signed</translation>
    </message>
    <message>
        <source>Phạm vi ký</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>Phiên bản {n}</source>
        <translation>Revision {n}</translation>
    </message>
    <message>
        <source>Không có thay đổi nào sau khi ký.</source>
        <translation>Nothing was changed after signing.</translation>
    </message>
    <message>
        <source>Thay đổi sau khi ký</source>
        <translation>Changes after signing</translation>
    </message>
    <message>
        <source>Hàm băm</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Thuật toán ký</source>
        <translation>Signature algorithm</translation>
    </message>
    <message>
        <source>Khóa</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Giá trị băm đã ký</source>
        <translation>Signed digest</translation>
    </message>
    <message>
        <source>Thuật toán</source>
        <translation>Algorithms</translation>
    </message>
</context>
<context>
    <name>SignaturePanel</name>
    <message>
        <source>Chữ ký số</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>Kết luận chung</source>
        <translation>Overall verdict</translation>
    </message>
    <message>
        <source>Kiểm tra lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Kiểm tra &amp;lại</source>
        <translation>Check &amp;again</translation>
    </message>
    <message>
        <source>Kiểm tra lại chữ ký số</source>
        <translation>Verify the signatures again</translation>
    </message>
    <message>
        <source>Kiểm tra lại chữ ký số của tệp (Ctrl+Shift+K)</source>
        <translation>Verify the file&apos;s signatures again (Ctrl+Shift+K)</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Lưu ý</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Thời điểm kiểm tra</source>
        <translation>When checked</translation>
    </message>
    <message>
        <source>Không kiểm tra được chữ ký số.</source>
        <translation>The signatures could not be verified.</translation>
    </message>
    <message>
        <source>Văn bản chưa có tệp để kiểm tra chữ ký số.</source>
        <translation>The document has no file whose signatures could be verified.</translation>
    </message>
    <message>
        <source>Chưa kiểm tra chữ ký số của tệp này.</source>
        <translation>This file&apos;s signatures have not been verified yet.</translation>
    </message>
    <message>
        <source>Kết quả kiểm tra của phiên bản trước: tệp hiện tại chưa được kiểm tra (bấm «Kiểm tra lại»).</source>
        <translation>The result of an earlier version: the current file has not been verified (click «Check again»).</translation>
    </message>
    <message>
        <source>trực tuyến</source>
        <translation>online</translation>
    </message>
    <message>
        <source>ngoại tuyến</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>Kiểm tra lúc {time} ({mode})</source>
        <translation>Checked at {time} ({mode})</translation>
    </message>
    <message>
        <source>Văn bản không có chữ ký số.</source>
        <translation>The document has no digital signature.</translation>
    </message>
</context>
<context>
    <name>SignatureRow</name>
    <message>
        <source>Ô chữ ký «{field}»</source>
        <translation>Signature field «{field}»</translation>
    </message>
    <message>
        <source>Cơ quan, tổ chức</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Thời điểm xác nhận</source>
        <translation>Time certified</translation>
    </message>
    <message>
        <source>Thời điểm ký</source>
        <translation>Signing time</translation>
    </message>
    <message>
        <source>Mức chữ ký</source>
        <translation>Signature level</translation>
    </message>
    <message>
        <source>Chi tiết…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <source>Chi tiết {kind} {index}</source>
        <translation>Details of {kind} {index}</translation>
    </message>
</context>
<context>
    <name>SignatureWords</name>
    <message>
        <source>Dấu thời gian</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <source>Chữ ký</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>Đơn vị cấp dấu thời gian</source>
        <translation>Timestamp authority</translation>
    </message>
    <message>
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>cơ bản</source>
        <translation>basic</translation>
    </message>
    <message>
        <source>có dấu thời gian</source>
        <translation>with a timestamp</translation>
    </message>
    <message>
        <source>kèm dữ liệu kiểm tra dài hạn</source>
        <translation>with long-term validation data</translation>
    </message>
    <message>
        <source>kèm dấu thời gian lưu trữ</source>
        <translation>with an archive timestamp</translation>
    </message>
    <message>
        <source>tình trạng tại {time} — {source}</source>
        <translation>status as of {time} — {source}</translation>
    </message>
    <message>
        <source>chỉ thêm dữ liệu kiểm tra (chứng thư, thu hồi, dấu thời gian)</source>
        <translation>validation data added only (certificates, revocation, timestamps)</translation>
    </message>
    <message>
        <source>chỉ thêm chữ ký và dấu</source>
        <translation>signatures and stamps added only</translation>
    </message>
    <message>
        <source>chỉ thêm chữ ký và dấu, kèm dữ liệu kiểm tra</source>
        <translation>signatures and stamps added only, with validation data</translation>
    </message>
    <message>
        <source>thêm dữ liệu kiểm tra (chứng thư, thu hồi, dấu thời gian)</source>
        <translation>validation data added (certificates, revocation, timestamps)</translation>
    </message>
    <message>
        <source>thêm chữ ký và dấu</source>
        <translation>signatures and stamps added</translation>
    </message>
    <message>
        <source>điền thêm ô của biểu mẫu</source>
        <translation>form fields filled in</translation>
    </message>
    <message>
        <source>thêm hoặc sửa ghi chú trên trang</source>
        <translation>annotations added or changed</translation>
    </message>
    <message>
        <source>thay đổi khác, nội dung trang không đổi</source>
        <translation>other changes, page content unchanged</translation>
    </message>
    <message>
        <source>không phân tích được</source>
        <translation>could not be analysed</translation>
    </message>
    <message>
        <source>trang {page} khác sau khi ký</source>
        <translation>page {page} differs after signing</translation>
    </message>
    <message>
        <source>trang {page} dùng thành phần đã bị xóa sau khi ký</source>
        <translation>page {page} uses a part deleted after signing</translation>
    </message>
    <message>
        <source>toàn bộ tệp</source>
        <translation>the whole file</translation>
    </message>
    <message>
        <source>toàn bộ phiên bản được ký (những gì thêm sau đó kể ở dưới)</source>
        <translation>the whole revision signed (what was added later is listed below)</translation>
    </message>
    <message>
        <source>chỉ một phần của phiên bản được ký</source>
        <translation>only part of the revision signed</translation>
    </message>
    <message>
        <source>ký số</source>
        <translation>digital signature</translation>
    </message>
    <message>
        <source>chống chối bỏ</source>
        <translation>non-repudiation</translation>
    </message>
    <message>
        <source>mã hóa khóa</source>
        <translation>key encipherment</translation>
    </message>
    <message>
        <source>mã hóa dữ liệu</source>
        <translation>data encipherment</translation>
    </message>
    <message>
        <source>thỏa thuận khóa</source>
        <translation>key agreement</translation>
    </message>
    <message>
        <source>ký chứng thư</source>
        <translation>certificate signing</translation>
    </message>
    <message>
        <source>ký danh sách thu hồi</source>
        <translation>CRL signing</translation>
    </message>
    <message>
        <source>bảo vệ thư điện tử</source>
        <translation>e-mail protection</translation>
    </message>
    <message>
        <source>cấp dấu thời gian</source>
        <translation>time stamping</translation>
    </message>
    <message>
        <source>xác thực người dùng</source>
        <translation>client authentication</translation>
    </message>
    <message>
        <source>xác thực máy chủ</source>
        <translation>server authentication</translation>
    </message>
    <message>
        <source>ký mã chương trình</source>
        <translation>code signing</translation>
    </message>
    <message>
        <source>ký trả lời OCSP</source>
        <translation>OCSP signing</translation>
    </message>
    <message>
        <source>ký tài liệu</source>
        <translation>document signing</translation>
    </message>
    <message>
        <source>ký tài liệu (Adobe)</source>
        <translation>document signing (Adobe)</translation>
    </message>
    <message>
        <source>chứng thư của người ký</source>
        <translation>the signer&apos;s certificate</translation>
    </message>
    <message>
        <source>tổ chức cấp trung gian</source>
        <translation>intermediate authority</translation>
    </message>
    <message>
        <source>gốc được tin cậy trên máy này</source>
        <translation>root trusted on this computer</translation>
    </message>
    <message>
        <source>gốc CHƯA được tin cậy trên máy này</source>
        <translation>root NOT trusted on this computer</translation>
    </message>
    <message>
        <source>THIẾU: không có chứng thư này trên máy</source>
        <translation>MISSING: this certificate is not on this computer</translation>
    </message>
    <message numerus="yes">
        <source>%n chữ ký — tất cả hợp lệ</source>
        <translation>
            <numerusform>%n signature — valid</numerusform>
            <numerusform>%n signatures — all valid</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chữ ký — hợp lệ, có lưu ý</source>
        <translation>
            <numerusform>%n signature — valid, with warnings</numerusform>
            <numerusform>%n signatures — valid, with warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>Dấu thời gian của văn bản hợp lệ</source>
        <translation>The document timestamp is valid</translation>
    </message>
    <message numerus="yes">
        <source>%n chữ ký không hợp lệ</source>
        <translation>
            <numerusform>%n signature is invalid</numerusform>
            <numerusform>%n signatures are invalid</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chữ ký chưa xác định được</source>
        <translation>
            <numerusform>%n signature is indeterminate</numerusform>
            <numerusform>%n signatures are indeterminate</numerusform>
        </translation>
    </message>
    <message>
        <source>{bad} trong {total} chữ ký không hợp lệ</source>
        <translation>Invalid: {bad} of {total} signatures</translation>
    </message>
    <message>
        <source>{bad} trong {total} chữ ký chưa xác định được</source>
        <translation>Indeterminate: {bad} of {total} signatures</translation>
    </message>
    <message>
        <source>Dấu thời gian của văn bản không hợp lệ</source>
        <translation>The document timestamp is invalid</translation>
    </message>
    <message>
        <source>Dấu thời gian của văn bản chưa xác định được</source>
        <translation>The document timestamp is indeterminate</translation>
    </message>
    <message numerus="yes">
        <source>%n dấu thời gian của văn bản</source>
        <translation>
            <numerusform>%n document timestamp</numerusform>
            <numerusform>%n document timestamps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SigningPage</name>
    <message>
        <source>Thiết bị ký số và dấu thời gian</source>
        <translation>Tokens and timestamps</translation>
    </message>
    <message>
        <source>Thư viện PKCS#11 đã thêm</source>
        <translation>PKCS#11 modules added</translation>
    </message>
    <message>
        <source>&amp;Thêm thư viện…</source>
        <translation>A&amp;dd module…</translation>
    </message>
    <message>
        <source>Thêm thư viện PKCS#11</source>
        <translation>Add a PKCS#11 module</translation>
    </message>
    <message>
        <source>&amp;Bỏ</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>Bỏ thư viện đã chọn</source>
        <translation>Remove the selected module</translation>
    </message>
    <message>
        <source>Tìm lạ&amp;i</source>
        <translation>Search a&amp;gain</translation>
    </message>
    <message>
        <source>Tìm lại thiết bị ký số</source>
        <translation>Search for tokens again</translation>
    </message>
    <message>
        <source>Thiết bị ký số tìm thấy</source>
        <translation>Tokens found</translation>
    </message>
    <message>
        <source>Thư viện / thiết bị</source>
        <translation>Module / token</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Tình trạng tìm thiết bị</source>
        <translation>Token search status</translation>
    </message>
    <message>
        <source>Thư viện thiết bị ký số (PKCS#11)</source>
        <translation>Token modules (PKCS#11)</translation>
    </message>
    <message>
        <source>Thư viện của các thiết bị thường gặp được tự tìm; chỉ thêm đường dẫn khi thiết bị không hiện ra dưới đây.</source>
        <translation>The modules of common tokens are found without setup; add a path only when a token does not show below.</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ cấp dấu thời gian</source>
        <translation>Timestamp authority address</translation>
    </message>
    <message>
        <source>Dấu thời gian</source>
        <translation>Timestamps</translation>
    </message>
    <message>
        <source>&amp;Máy chủ cấp dấu thời gian:</source>
        <translation>&amp;Timestamp authority:</translation>
    </message>
    <message>
        <source>Dùng khi ký ở mức B-T trở lên. Để trống: máy chủ mặc định.</source>
        <translation>Used when signing at B-T and above. Empty: the default server.</translation>
    </message>
    <message>
        <source>Mặc định: %1</source>
        <translation>Default: %1</translation>
    </message>
    <message>
        <source>Chọn thư viện PKCS#11 của thiết bị</source>
        <translation>Choose the token&apos;s PKCS#11 module</translation>
    </message>
    <message>
        <source>Thư viện (*.so *.so.* *.dll *.dylib);;Mọi tệp (*)</source>
        <translation>Modules (*.so *.so.* *.dll *.dylib);;All files (*)</translation>
    </message>
    <message>
        <source>Đang tìm thiết bị ký số…</source>
        <translation>Looking for tokens…</translation>
    </message>
    <message>
        <source>Tìm thiết bị ký số</source>
        <translation>Look for tokens</translation>
    </message>
    <message>
        <source> (đã thêm)</source>
        <translation> (added)</translation>
    </message>
    <message>
        <source>Lỗi: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>(không có thiết bị nào được cắm)</source>
        <translation>(no token plugged in)</translation>
    </message>
    <message numerus="yes">
        <source>số sê-ri %1, %2; %n chứng thư</source>
        <translation>
            <numerusform>serial %1, %2; %n certificate</numerusform>
            <numerusform>serial %1, %2; %n certificates</numerusform>
        </translation>
    </message>
    <message>
        <source>Không tìm thấy thư viện thiết bị ký số nào. Hãy cài phần mềm của thiết bị hoặc thêm đường dẫn thư viện.</source>
        <translation>No token module was found. Install the token&apos;s software or add the module&apos;s path.</translation>
    </message>
    <message numerus="yes">
        <source>Tìm thấy %n thiết bị.</source>
        <translation>
            <numerusform>%n token found.</numerusform>
            <numerusform>%n tokens found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Gửi và nhận qua Trục liên thông ngay bây giờ</source>
        <translation>Send and receive over the axis now</translation>
    </message>
    <message>
        <source>Chưa cài đặt Trục liên thông: vào Cài đặt để nhập địa chỉ và mã hệ thống.</source>
        <translation>The axis is not set up: open Settings to enter its address and the system id.</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Kết nối Trục liên thông</source>
        <translation>Connection to the axis</translation>
    </message>
    <message>
        <source>Lần đồng bộ cuối</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Gói chờ gửi</source>
        <translation>Packages waiting</translation>
    </message>
    <message>
        <source>Trục: chưa cài đặt</source>
        <translation>Axis: not set up</translation>
    </message>
    <message>
        <source>Trục: trực tuyến</source>
        <translation>Axis: online</translation>
    </message>
    <message>
        <source>Trục: mất kết nối</source>
        <translation>Axis: offline</translation>
    </message>
    <message>
        <source>Trục: đang đồng bộ…</source>
        <translation>Axis: syncing…</translation>
    </message>
    <message>
        <source>Trục: đang kết nối…</source>
        <translation>Axis: connecting…</translation>
    </message>
    <message>
        <source>Đồng bộ lúc %1</source>
        <translation>Synced at %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 gói chờ gửi</source>
        <translation>
            <numerusform>%1 package waiting</numerusform>
            <numerusform>%1 packages waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>Không có gói chờ gửi</source>
        <translation>No package waiting</translation>
    </message>
</context>
<context>
    <name>TokenPicker</name>
    <message>
        <source>Thiết bị ký số</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Chứng thư số</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Chứng thư số của cơ quan</source>
        <translation>The organisation&apos;s certificate</translation>
    </message>
    <message>
        <source>Tìm &amp;lại</source>
        <translation>Search &amp;again</translation>
    </message>
    <message>
        <source>Tìm lại thiết bị ký số</source>
        <translation>Search for tokens again</translation>
    </message>
    <message>
        <source>Không tìm thấy chứng thư số nào — hãy cắm thiết bị ký số</source>
        <translation>No certificate found — plug in the token</translation>
    </message>
    <message>
        <source>Tìm lại các thiết bị ký số đang cắm vào máy</source>
        <translation>Look again for the tokens plugged in</translation>
    </message>
    <message>
        <source>Thêm thư &amp;viện…</source>
        <translation>Add &amp;module…</translation>
    </message>
    <message>
        <source>Thêm thư viện PKCS#11</source>
        <translation>Add a PKCS#11 module</translation>
    </message>
    <message>
        <source>Chọn tệp thư viện PKCS#11 của thiết bị ký số (do nhà cung cấp cài đặt)</source>
        <translation>Choose the token&apos;s PKCS#11 module file (installed by its supplier)</translation>
    </message>
    <message>
        <source>Tình trạng tìm thiết bị</source>
        <translation>Token search status</translation>
    </message>
    <message>
        <source>&amp;Thiết bị ký số:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>&amp;Chứng thư số:</source>
        <translation>&amp;Certificate:</translation>
    </message>
    <message>
        <source>Đang tìm thiết bị ký số…</source>
        <translation>Looking for tokens…</translation>
    </message>
    <message>
        <source>Tìm thiết bị ký số</source>
        <translation>Looking for tokens</translation>
    </message>
    <message>
        <source>Chọn thư viện PKCS#11</source>
        <translation>Choose a PKCS#11 module</translation>
    </message>
    <message>
        <source>Thư viện PKCS#11 (*.so *.so.* *.dll *.dylib);;Mọi tệp (*)</source>
        <translation>PKCS#11 modules (*.so *.so.* *.dll *.dylib);;All files (*)</translation>
    </message>
    <message>
        <source>Không thấy thiết bị ký số nào. Hãy cắm thiết bị rồi bấm «Tìm lại», hoặc thêm thư viện PKCS#11 của thiết bị.</source>
        <translation>No token found. Plug the token in and click «Search again», or add the token&apos;s PKCS#11 module.</translation>
    </message>
    <message>
        <source>Thư viện %1: %2</source>
        <translation>Module %1: %2</translation>
    </message>
    <message>
        <source>(hết hạn %1)</source>
        <translation>(expires %1)</translation>
    </message>
    <message>
        <source>Cấp bởi: %1</source>
        <translation>Issued by: %1</translation>
    </message>
    <message>
        <source>Thiết bị này không có chứng thư số dùng để ký.</source>
        <translation>This token holds no signing certificate.</translation>
    </message>
</context>
<context>
    <name>TrustPage</name>
    <message>
        <source>Chứng thư tin cậy và thu hồi</source>
        <translation>Trust and revocation</translation>
    </message>
    <message>
        <source>Tổ chức cấp chứng thư</source>
        <translation>Certification authority</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Hiệu lực đến</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Kho chứng thư tin cậy</source>
        <translation>Trust store</translation>
    </message>
    <message>
        <source>&amp;Thêm chứng thư CA…</source>
        <translation>&amp;Add CA certificate…</translation>
    </message>
    <message>
        <source>Thêm chứng thư CA từ tệp</source>
        <translation>Add a CA certificate from a file</translation>
    </message>
    <message>
        <source>&amp;Xóa chứng thư đã thêm</source>
        <translation>&amp;Remove added certificate</translation>
    </message>
    <message>
        <source>Xóa chứng thư đã thêm</source>
        <translation>Remove the added certificate</translation>
    </message>
    <message>
        <source>Thông báo về kho tin cậy</source>
        <translation>Trust store notice</translation>
    </message>
    <message>
        <source>Lần cập nhật dữ liệu thu hồi gần nhất</source>
        <translation>Last revocation data refresh</translation>
    </message>
    <message>
        <source>&amp;Cập nhật ngay</source>
        <translation>Refresh &amp;now</translation>
    </message>
    <message>
        <source>Cập nhật dữ liệu thu hồi ngay</source>
        <translation>Refresh the revocation data now</translation>
    </message>
    <message>
        <source>Kết quả cập nhật dữ liệu thu hồi</source>
        <translation>Revocation refresh result</translation>
    </message>
    <message>
        <source>Dữ liệu thu hồi chứng thư (CRL, OCSP)</source>
        <translation>Revocation data (CRL, OCSP)</translation>
    </message>
    <message>
        <source>Dữ liệu thu hồi được lưu trên máy để kiểm tra chữ ký cả khi không có mạng.</source>
        <translation>Revocation data is kept on this computer to check signatures offline too.</translation>
    </message>
    <message>
        <source>sẽ xóa khi bấm Lưu</source>
        <translation>removed when you press Save</translation>
    </message>
    <message>
        <source>đang dùng</source>
        <translation>enabled</translation>
    </message>
    <message>
        <source>hết hạn (chỉ kiểm tra chữ ký cũ)</source>
        <translation>expired (checks older signatures only)</translation>
    </message>
    <message>
        <source>đã tắt</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>sẽ thêm khi bấm Lưu</source>
        <translation>added when you press Save</translation>
    </message>
    <message>
        <source>gốc</source>
        <translation>anchor</translation>
    </message>
    <message>
        <source>trung gian</source>
        <translation>intermediate</translation>
    </message>
    <message>
        <source>kèm theo</source>
        <translation>bundled</translation>
    </message>
    <message>
        <source>đã thêm</source>
        <translation>added</translation>
    </message>
    <message>
        <source>Chọn tệp chứng thư của tổ chức cấp chứng thư (CA)</source>
        <translation>Choose a certification authority&apos;s certificate file</translation>
    </message>
    <message>
        <source>Chứng thư (*.cer *.crt *.der *.pem);;Mọi tệp (*)</source>
        <translation>Certificates (*.cer *.crt *.der *.pem);;All files (*)</translation>
    </message>
    <message>
        <source>Đang đọc chứng thư…</source>
        <translation>Reading the certificate…</translation>
    </message>
    <message>
        <source>Đọc chứng thư</source>
        <translation>Read the certificate</translation>
    </message>
    <message>
        <source>Chứng thư này đã có trong kho tin cậy.</source>
        <translation>This certificate is in the trust store already.</translation>
    </message>
    <message>
        <source>Sẽ thêm khi bấm Lưu: %1</source>
        <translation>Added when you press Save: %1</translation>
    </message>
    <message>
        <source>Sẽ xóa khi bấm Lưu: %1</source>
        <translation>Removed when you press Save: %1</translation>
    </message>
    <message>
        <source>Chưa cập nhật lần nào.</source>
        <translation>Never refreshed yet.</translation>
    </message>
    <message>
        <source>Cập nhật gần nhất: %1</source>
        <translation>Last refreshed: %1</translation>
    </message>
    <message>
        <source>Đang lấy dữ liệu thu hồi…</source>
        <translation>Fetching revocation data…</translation>
    </message>
    <message>
        <source>Cập nhật dữ liệu thu hồi</source>
        <translation>Refresh revocation data</translation>
    </message>
    <message>
        <source>Các chứng thư tin cậy không có địa chỉ kiểm tra thu hồi nào.</source>
        <translation>The trusted certificates name no revocation address.</translation>
    </message>
    <message>
        <source>Đã lấy %1/%2 nguồn dữ liệu thu hồi.</source>
        <translation>Fetched %1 of %2 revocation sources.</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <source>Gửi cập nhật văn bản</source>
        <translation>Send an update of the document</translation>
    </message>
    <message>
        <source>Sửa thông tin của văn bản %1 và gửi bản cập nhật tới mọi nơi đã nhận.</source>
        <translation>Correct the details of %1 and send the update everywhere it was received.</translation>
    </message>
    <message>
        <source>&amp;Gửi cập nhật</source>
        <translation>&amp;Send the update</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>T&amp;rích yếu:</source>
        <translation>Su&amp;bject:</translation>
    </message>
</context>
<context>
    <name>Urgency</name>
    <message>
        <source>Thường</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Khẩn</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Thượng khẩn</source>
        <translation>Very urgent</translation>
    </message>
    <message>
        <source>Hỏa tốc</source>
        <translation>Flash</translation>
    </message>
    <message>
        <source>Hỏa tốc hẹn giờ</source>
        <translation>Flash with deadline</translation>
    </message>
</context>
</TS>
