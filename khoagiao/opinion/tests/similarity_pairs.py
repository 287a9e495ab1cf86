"""A labelled set of Vietnamese pairs for the duplicate suggestion: (text A, text B, same issue?).

Near-duplicates are the same event told by different units or sources (other words, missing tones, added
detail); unrelated pairs share the administrative vocabulary, often the field or the place, but not the event.
"""

PAIRS: list[tuple[str, str, bool]] = [
    # --- the same issue, told differently ---
    (
        "Phụ huynh phản ánh giá sữa học đường tăng cao tại trường tiểuhọc An Bình",
        "Giá sữa học đường ở trường tiểu học An Bình tăng, phụ huynh bức xúc",
        True,
    ),
    (
        "Ngộ độc thực phẩm sau bữa ăn bán trú tại trường mầm non Hoa Sen",
        "Nhiều trẻ mầm non Hoa Sen nhập viện nghi ngộ độc thực phẩm bữa ăn bán trú",
        True,
    ),
    (
        "Lạm thu đầu năm học tại trường THCS Nguyễn Du",
        "Phụ huynh trường THCS Nguyễn Du phản ánh các khoản thu đầu năm học quá cao",
        True,
    ),
    (
        "Thieu thuoc dieu tri ung thu tai benh vien da khoa tinh",
        "Bệnh viện đa khoa tỉnh thiếu thuốc điều trị ung thư",
        True,
    ),
    (
        "Bệnh nhân chờ khám quá lâu tại Trung tâm Y tế huyện Sơn Tịnh",
        "Người bệnh phải chờ khám nhiều giờ ở Trung tâm Y tế Sơn Tịnh",
        True,
    ),
    (
        "Clip giáo viên đánh học sinh lan truyền trên mạng xã hội",
        "Mạng xã hội lan truyền video cô giáo đánh học sinh lớp 3",
        True,
    ),
    (
        "Sạt lở bờ sông Trà Khúc đe dọa nhà dân thôn Tân Mỹ",
        "Bờ sông Trà Khúc sạt lở nghiêm trọng, nhiều nhà dân thôn Tân Mỹ bị đe dọa",
        True,
    ),
    (
        "Tin đồn thất thiệt về dịch bệnh lạ tại xã Bình Châu",
        "Xuất hiện tin đồn có dịch bệnh lạ ở Bình Châu, người dân hoang mang",
        True,
    ),
    (
        "Dự án khu dân cư chậm bồi thường giải phóng mặt bằng, dân khiếu kiện",
        "Người dân khiếu kiện vì dự án khu dân cư chậm chi trả bồi thường giải phóng mặt bằng",
        True,
    ),
    (
        "Ô nhiễm mùi hôi từ nhà máy chế biến tinh bột sắn Sơn Hải",
        "Nhà máy tinh bột sắn Sơn Hải gây mùi hôi, ô nhiễm môi trường",
        True,
    ),
    (
        "Sách giáo khoa lớp 1 mới có nội dung gây tranh cãi",
        "Tranh cãi về nội dung sách giáo khoa lớp 1 mới",
        True,
    ),
    (
        "Học sinh bị bạo lực học đường tại trường THPT Lê Trung Đình",
        "Video nữ sinh THPT Lê Trung Đình bị bạn đánh hội đồng",
        True,
    ),
    (
        "Giá vé tham quan khu di tích Sa Huỳnh tăng mạnh",
        "Du khách phản ánh vé vào khu di tích văn hóa Sa Huỳnh tăng mạnh",
        True,
    ),
    (
        "Nước sinh hoạt nhiễm mặn, người dân xã Phổ Thạnh thiếu nước sạch",
        "Xã Phổ Thạnh thiếu nước sạch sinh hoạt do nhiễm mặn",
        True,
    ),
    (
        "Thu phí dạy thêm học thêm trái quy định tại trường THCS Trần Phú",
        "Trường THCS Trần Phú tổ chức dạy thêm thu tiền trái quy định",
        True,
    ),
    (
        "Trạm y tế xã không có bác sĩ trực đêm",
        "Người dân phản ánh trạm y tế xã đêm không có bác sĩ trực",
        True,
    ),
    ("Cháy rừng phòng hộ tại núi Thiên Ấn", "Rừng phòng hộ núi Thiên Ấn bị cháy, khói bao trùm", True),
    (
        "Chậm chi trả chế độ cho giáo viên hợp đồng huyện Ba Tơ",
        "Giáo viên hợp đồng ở Ba Tơ chưa được chi trả chế độ nhiều tháng",
        True,
    ),
    (
        "Vắc xin sởi tiêm chủng mở rộng bị thiếu tại Trung tâm y tế Đức Phổ",
        "Đức Phổ thiếu vắc xin sởi trong tiêm chủng mở rộng",
        True,
    ),
    (
        "Hiện tượng mê tín dị đoan, lên đồng tại đình làng Thu Xà",
        "Đình làng Thu Xà tổ chức lên đồng, mê tín dị đoan",
        True,
    ),
    (
        "Kết quả thi tuyển viên chức giáo dục có dấu hiệu tiêu cực",
        "Dư luận nghi ngờ tiêu cực trong thi tuyển viên chức ngành giáo dục",
        True,
    ),
    (
        "Đường vào trường học ngập sâu, học sinh phải nghỉ học",
        "Học sinh nghỉ học vì đường vào trường bị ngập sâu",
        True,
    ),
    (
        "Bai bao phan anh benh vien thu tien dich vu sai quy dinh",
        "Báo chí phản ánh bệnh viện thu tiền dịch vụ y tế sai quy định",
        True,
    ),
    (
        "Mạng xã hội lan truyền thông tin sai về sáp nhập trường học",
        "Thông tin sai sự thật về việc sáp nhập trường học lan truyền trên mạng",
        True,
    ),
    # --- different issues sharing words, field or place ---
    (
        "Phụ huynh phản ánh giá sữa học đường tăng cao tại trường tiểu học An Bình",
        "Trường tiểu học An Bình thiếu phòng học, học sinh học ca ba",
        False,
    ),
    (
        "Ngộ độc thực phẩm sau bữa ăn bán trú tại trường mầm non Hoa Sen",
        "Trường mầm non Hoa Sen tuyển sinh vượt chỉ tiêu",
        False,
    ),
    (
        "Bệnh viện đa khoa tỉnh thiếu thuốc điều trị ung thư",
        "Bệnh viện đa khoa tỉnh khánh thành khu khám bệnh mới",
        False,
    ),
    (
        "Sạt lở bờ sông Trà Khúc đe dọa nhà dân thôn Tân Mỹ",
        "Khai thác cát trái phép trên sông Trà Khúc",
        False,
    ),
    (
        "Clip giáo viên đánh học sinh lan truyền trên mạng xã hội",
        "Giáo viên được khen thưởng vì cứu học sinh đuối nước",
        False,
    ),
    (
        "Ô nhiễm mùi hôi từ nhà máy chế biến tinh bột sắn Sơn Hải",
        "Giá sắn nguyên liệu giảm mạnh, nông dân thua lỗ",
        False,
    ),
    (
        "Lạm thu đầu năm học tại trường THCS Nguyễn Du",
        "Học sinh trường THCS Nguyễn Du đạt giải nhất học sinh giỏi",
        False,
    ),
    ("Tin đồn thất thiệt về dịch bệnh lạ tại xã Bình Châu", "Xã Bình Châu tổ chức lễ hội cầu ngư", False),
    ("Giá vé tham quan khu di tích Sa Huỳnh tăng mạnh", "Tu bổ khu di tích Sa Huỳnh chậm tiến độ", False),
    ("Trạm y tế xã không có bác sĩ trực đêm", "Xã tổ chức tiêm vắc xin cúm cho người cao tuổi", False),
    (
        "Chậm chi trả chế độ cho giáo viên hợp đồng huyện Ba Tơ",
        "Ba Tơ khai giảng lớp bồi dưỡng lý luận chính trị",
        False,
    ),
    (
        "Nước sinh hoạt nhiễm mặn, người dân xã Phổ Thạnh thiếu nước sạch",
        "Ngư dân Phổ Thạnh được mùa cá cơm",
        False,
    ),
    ("Cháy rừng phòng hộ tại núi Thiên Ấn", "Lễ hội văn hóa trên núi Thiên Ấn thu hút du khách", False),
    (
        "Hiện tượng mê tín dị đoan, lên đồng tại đình làng Thu Xà",
        "Làng Thu Xà phát triển nghề làm nước mắm truyền thống",
        False,
    ),
    (
        "Kết quả thi tuyển viên chức giáo dục có dấu hiệu tiêu cực",
        "Ngành giáo dục triển khai chương trình chuyển đổi số",
        False,
    ),
    (
        "Đường vào trường học ngập sâu, học sinh phải nghỉ học",
        "Học sinh tham gia ngày hội đọc sách tại thư viện tỉnh",
        False,
    ),
    (
        "Bệnh nhân chờ khám quá lâu tại Trung tâm Y tế huyện Sơn Tịnh",
        "Sơn Tịnh xây dựng nông thôn mới kiểu mẫu",
        False,
    ),
    (
        "Vắc xin sởi tiêm chủng mở rộng bị thiếu tại Trung tâm y tế Đức Phổ",
        "Đức Phổ xảy ra vụ tai nạn giao thông nghiêm trọng trên quốc lộ 1",
        False,
    ),
    (
        "Mạng xã hội lan truyền thông tin sai về sáp nhập trường học",
        "Mạng xã hội lan truyền clip đánh nhau tại quán karaoke",
        False,
    ),
    (
        "Dự án khu dân cư chậm bồi thường giải phóng mặt bằng, dân khiếu kiện",
        "Khởi công dự án nhà văn hóa thiếu nhi tỉnh",
        False,
    ),
    (
        "Thu phí dạy thêm học thêm trái quy định tại trường THCS Trần Phú",
        "Phụ huynh lo lắng về an toàn giao thông trước cổng trường",
        False,
    ),
    (
        "Sách giáo khoa lớp 1 mới có nội dung gây tranh cãi",
        "Thiếu giáo viên tiếng Anh ở các trường vùng cao",
        False,
    ),
    (
        "Học sinh bị bạo lực học đường tại trường THPT Lê Trung Đình",
        "Trường THPT Lê Trung Đình kỷ niệm 50 năm thành lập",
        False,
    ),
    (
        "Bai bao phan anh benh vien thu tien dich vu sai quy dinh",
        "Bệnh viện tổ chức hiến máu nhân đạo",
        False,
    ),
]
