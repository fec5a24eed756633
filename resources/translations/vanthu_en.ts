<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
<context>
    <name>DirectoryView</name>
    <message>
        <source>Danh bạ cơ quan trên Trục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mã định danh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên cơ quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ quan cấp trên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tìm cơ quan (gõ không dấu cũng được)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tìm trong danh bạ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cập nhật từ Trục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tải lại danh bạ từ Trục liên thông</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Danh bạ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cơ quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Danh bạ trống: bấm «Cập nhật từ Trục» khi có mạng.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gõ tên hay mã định danh của cơ quan để tìm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tìm cơ quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Không tìm thấy cơ quan nào.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cập nhật danh bạ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentColumns</name>
    <message>
        <source>Số</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ngày đến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ngày ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Người, đơn vị xử lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mã</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentDetailPane</name>
    <message>
        <source>Chọn một văn bản để xem chi tiết.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Văn bản đang xem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Người</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Việc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lịch sử xử lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nơi nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nơi nhận và trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Các phiên bản tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thông tin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chữ ký số</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lịch sử</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xem trước tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đọc văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chưa cấp số</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Số đến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Số đăng ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loại văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ngày ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ngày đến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đơn vị, người xử lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>đính kèm %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chưa kiểm tra chữ ký số.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>Đọc sổ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Văn bản khẩn: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đã quá hạn xử lý (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chưa xem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentTableView</name>
    <message>
        <source>Chọn cột hiển thị</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mọi năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loại văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mọi loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lọc theo cơ quan ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mọi độ khẩn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Từ ngày ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đến ngày ban hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xóa lọc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xóa mọi bộ lọc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban hành từ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>đến</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Danh mục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đang làm việc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đang mở kho dữ liệu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Văn bản đến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dự thảo và chờ ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Văn bản đi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gửi nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Danh bạ cơ quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sổ văn bản đến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dự thảo và văn bản chờ ký, chờ phát hành</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sổ văn bản đi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Công cụ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vào sổ văn bản đến…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vào sổ một văn bản đến từ tệp PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xuất sổ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In sổ đăng ký ra PDF hoặc CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đọc lại danh sách</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tìm văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sẵn sàng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mở kho dữ liệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Không mở được kho dữ liệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mở văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chưa có hộp thoại vào sổ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chưa có hộp thoại xuất sổ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>Số văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đếm văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2%3 văn bản</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegistersView</name>
    <message>
        <source>Sổ đăng ký văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mã sổ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên sổ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Số văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Số cuối</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đã hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xuất sổ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xuất sổ đăng ký ra PDF hoặc CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đọc sổ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Tìm văn bản (gõ không dấu cũng được) — Ctrl+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tìm kiếm văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tìm kiếm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 kết quả đầu / %2%3 văn bản khớp (%4 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Không tìm thấy văn bản nào.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source>Kết quả tìm kiếm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SendingView</name>
    <message>
        <source>Gửi nhận qua Trục liên thông</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gói</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gửi đến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lần thử</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thử lại lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gửi lại ngay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gửi lại gói đã chọn ngay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đọc hàng gửi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chờ gửi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>đã gửi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lỗi, cần xem lại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gửi lại</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
