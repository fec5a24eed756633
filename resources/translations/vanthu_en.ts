<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
<context>
    <name>MainWindow</name>
    <message>
        <source>Danh mục</source>
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
</context>
</TS>
