"""The demo province: Quảng Ngãi after the 2025 reorganisation, with the history that led to it.

Facts follow ../shared/research/domain-facts.md: the Ban Tuyên giáo and the Ban Dân vận merged on 01/3/2025 into
the Ban Tuyên giáo và Dân vận (symbol BTGDVTU); on the same day Sở KH&CN absorbed Sở TT&TT, Sở TN&MT and Sở
NN&PTNT became Sở Nông nghiệp và Môi trường, and Sở LĐ-TB&XH was dissolved into Sở Nội vụ; on 01/7/2025 Kon Tum
joined Quảng Ngãi and the district level ended. Commune names are illustrative.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

FIELDS = [
    ("giao_duc", "Giáo dục và đào tạo"),
    ("giao_duc_nghe_nghiep", "Giáo dục nghề nghiệp"),
    ("khcn", "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"),
    ("y_te", "Y tế"),
    ("dan_so", "Dân số"),
    ("gia_dinh", "Gia đình"),
    ("tre_em", "Trẻ em"),
    ("moi_truong", "Tài nguyên và môi trường"),
    ("the_thao", "Thể dục, thể thao"),
    ("an_sinh", "An sinh xã hội"),
    ("tri_thuc", "Đội ngũ trí thức"),
    ("van_hoa", "Văn hóa"),
    ("phoi_hop", "Công tác phối hợp"),
    ("du_luan", "Dư luận xã hội"),
]

KINDS = [
    ("party_committee", "Cấp ủy đảng", 10),
    ("leadership", "Thường trực, Ban Thường vụ cấp ủy", 15),
    ("party_board", "Ban xây dựng Đảng", 20),
    ("division", "Phòng chuyên môn của Ban", 30),
    ("agency", "Sở, ngành", 40),
    ("association", "Hội, tổ chức xã hội", 50),
    ("school", "Trường đại học, cao đẳng", 60),
]

LEVELS = [("province", "Cấp tỉnh", 1), ("district", "Cấp huyện", 2), ("commune", "Cấp xã", 3)]

# (code, name, short name, document symbol, kind, level, parent code, valid from, fields, e-mail)
UNITS = [
    ("tu-qng", "Tỉnh ủy Quảng Ngãi", "Tỉnh ủy", "TU", "party_committee", "province", None, D(1989, 7, 1), [], "tinhuy@quangngai.dcs.vn"),
    ("tt-tu-qng", "Thường trực Tỉnh ủy Quảng Ngãi", "Thường trực Tỉnh ủy", "", "leadership", "province", "tu-qng", D(1989, 7, 1), [], ""),
    ("btgtu-qng", "Ban Tuyên giáo Tỉnh ủy Quảng Ngãi", "Ban Tuyên giáo", "BTGTU", "party_board", "province", "tu-qng", D(1989, 7, 1), [], ""),
    ("bdvtu-qng", "Ban Dân vận Tỉnh ủy Quảng Ngãi", "Ban Dân vận", "BDVTU", "party_board", "province", "tu-qng", D(1989, 7, 1), [], ""),
    ("phong-kg", "Phòng Khoa giáo", "Phòng Khoa giáo", "", "division", "province", "btgtu-qng", D(2008, 1, 1), ["*"], "khoagiao.btg@quangngai.dcs.vn"),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "SGDĐT", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["giao_duc", "giao_duc_nghe_nghiep"], "sogddt@quangngai.gov.vn"),
    ("so-yte", "Sở Y tế", "Sở Y tế", "SYT", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["y_te", "dan_so", "tre_em"], "soyte@quangngai.gov.vn"),
    ("so-khcn-cu", "Sở Khoa học và Công nghệ (trước hợp nhất)", "Sở KH&CN (cũ)", "SKHCN", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["khcn"], ""),
    ("so-tttt", "Sở Thông tin và Truyền thông", "Sở TT&TT", "STTTT", "agency", "province", "btgtu-qng", D(2008, 4, 1), ["khcn"], ""),
    ("so-tnmt", "Sở Tài nguyên và Môi trường", "Sở TN&MT", "STNMT", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["moi_truong"], ""),
    ("so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "SNNPTNT", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["moi_truong"], ""),
    ("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", "SLĐTBXH", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["an_sinh", "giao_duc_nghe_nghiep", "tre_em"], ""),
    ("so-noivu", "Sở Nội vụ", "Sở Nội vụ", "SNV", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["an_sinh"], "sonoivu@quangngai.gov.vn"),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL", "SVHTTDL", "agency", "province", "btgtu-qng", D(2008, 4, 1), ["van_hoa", "the_thao", "gia_dinh"], "sovhttdl@quangngai.gov.vn"),
    ("bhxh", "Bảo hiểm xã hội tỉnh Quảng Ngãi", "BHXH tỉnh", "BHXH", "agency", "province", "btgtu-qng", D(2008, 1, 1), ["an_sinh"], ""),
    ("lhh-khkt", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Liên hiệp các Hội KH&KT", "LHH", "association", "province", "btgtu-qng", D(2008, 1, 1), ["tri_thuc", "khcn"], ""),
    ("hoi-khuyen-hoc", "Hội Khuyến học tỉnh", "Hội Khuyến học", "HKH", "association", "province", "btgtu-qng", D(2008, 1, 1), ["giao_duc"], ""),
    ("dh-pvd", "Trường Đại học Phạm Văn Đồng", "ĐH Phạm Văn Đồng", "ĐHPVĐ", "school", "province", "btgtu-qng", D(2008, 1, 1), ["giao_duc", "tri_thuc"], ""),
    ("btg-binh-son", "Ban Tuyên giáo Huyện ủy Bình Sơn", "BTG Huyện ủy Bình Sơn", "BTGHU", "party_board", "district", "btgtu-qng", D(2008, 1, 1), [], ""),
    ("btg-duc-pho", "Ban Tuyên giáo Thị ủy Đức Phổ", "BTG Thị ủy Đức Phổ", "BTGTU", "party_board", "district", "btgtu-qng", D(2008, 1, 1), [], ""),
    # Kon Tum, merged into Quảng Ngãi on 01/7/2025.
    ("tu-kt", "Tỉnh ủy Kon Tum", "Tỉnh ủy Kon Tum", "TU", "party_committee", "province", None, D(1991, 8, 12), [], ""),
    ("btgdvtu-kt", "Ban Tuyên giáo và Dân vận Tỉnh ủy Kon Tum", "BTG&DV Kon Tum", "BTGDVTU", "party_board", "province", "tu-kt", D(2025, 3, 1), [], ""),
    ("so-gddt-kt", "Sở Giáo dục và Đào tạo tỉnh Kon Tum", "Sở GD&ĐT Kon Tum", "SGDĐT", "agency", "province", "tu-kt", D(1991, 8, 12), ["giao_duc"], ""),
]

# (date, predecessor codes, successor code, new successor or None, note)
NEW = dict
MERGERS = [
    (
        D(2025, 3, 1),
        ["so-khcn-cu", "so-tttt"],
        "so-khcn",
        NEW(name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN", document_symbol="SKHCN", kind="agency",
            level="province", parent="btgtu-qng", fields=["khcn"], email="sokhcn@quangngai.gov.vn"),
        "Nghị định 45/2025/NĐ-CP",
    ),
    (
        D(2025, 3, 1),
        ["so-tnmt", "so-nnptnt"],
        "so-nnmt",
        NEW(name="Sở Nông nghiệp và Môi trường", short_name="Sở NN&MT", document_symbol="SNNMT", kind="agency",
            level="province", parent="btgtu-qng", fields=["moi_truong", "an_sinh"], email="sonnmt@quangngai.gov.vn"),
        "Nghị định 45/2025/NĐ-CP",
    ),
    (D(2025, 3, 1), ["so-ldtbxh"], "so-noivu", None, "Giải thể Sở LĐ-TB&XH, chuyển chức năng về Sở Nội vụ"),
    (
        D(2025, 3, 1),
        ["btgtu-qng", "bdvtu-qng"],
        "btgdvtu",
        NEW(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Ngãi", short_name="Ban Tuyên giáo và Dân vận",
            document_symbol="BTGDVTU", kind="party_board", level="province", parent="tu-qng", fields=[],
            email="btgdv@quangngai.dcs.vn"),
        "Hợp nhất Ban Tuyên giáo và Ban Dân vận Tỉnh ủy",
    ),
    (D(2025, 7, 1), ["so-gddt-kt"], "so-gddt", None, "Nghị quyết 202/2025/QH15: hợp nhất tỉnh Kon Tum vào Quảng Ngãi"),
    (D(2025, 7, 1), ["btgdvtu-kt"], "btgdvtu", None, "Nghị quyết 202/2025/QH15: hợp nhất tỉnh Kon Tum vào Quảng Ngãi"),
    (D(2025, 7, 1), ["tu-kt"], "tu-qng", None, "Nghị quyết 202/2025/QH15: hợp nhất tỉnh Kon Tum vào Quảng Ngãi"),
]

# (code, closing date, reason)
CLOSURES = [
    ("btg-binh-son", D(2025, 6, 30), "Kết thúc hoạt động cấp huyện từ ngày 01/7/2025"),
    ("btg-duc-pho", D(2025, 6, 30), "Kết thúc hoạt động cấp huyện từ ngày 01/7/2025"),
]

RENAMES = [("phong-kg", "Phòng Khoa giáo, Văn hóa – Văn nghệ", "Phòng KG, VH-VN")]

# The commune-level Party committees formed on 01/7/2025, under the department in the coordination tree.
COMMUNES = [
    ("phuong-cam-thanh", "Đảng ủy phường Cẩm Thành"),
    ("phuong-nghia-lo", "Đảng ủy phường Nghĩa Lộ"),
    ("phuong-truong-quang-trong", "Đảng ủy phường Trương Quang Trọng"),
    ("phuong-duc-pho", "Đảng ủy phường Đức Phổ"),
    ("phuong-sa-huynh", "Đảng ủy phường Sa Huỳnh"),
    ("phuong-tra-cau", "Đảng ủy phường Trà Câu"),
    ("phuong-kon-tum", "Đảng ủy phường Kon Tum"),
    ("phuong-dak-cam", "Đảng ủy phường Đăk Cấm"),
    ("phuong-dak-bla", "Đảng ủy phường Đăk Bla"),
    ("xa-binh-son", "Đảng ủy xã Bình Sơn"),
    ("xa-van-tuong", "Đảng ủy xã Vạn Tường"),
    ("xa-dong-son", "Đảng ủy xã Đông Sơn"),
    ("xa-truong-giang", "Đảng ủy xã Trường Giang"),
    ("xa-ba-gia", "Đảng ủy xã Ba Gia"),
    ("xa-son-tinh", "Đảng ủy xã Sơn Tịnh"),
    ("xa-tho-phong", "Đảng ủy xã Thọ Phong"),
    ("xa-tu-nghia", "Đảng ủy xã Tư Nghĩa"),
    ("xa-ve-giang", "Đảng ủy xã Vệ Giang"),
    ("xa-nghia-hanh", "Đảng ủy xã Nghĩa Hành"),
    ("xa-mo-duc", "Đảng ủy xã Mộ Đức"),
    ("xa-lan-phong", "Đảng ủy xã Lân Phong"),
    ("xa-minh-long", "Đảng ủy xã Minh Long"),
    ("xa-son-ha", "Đảng ủy xã Sơn Hà"),
    ("xa-ba-to", "Đảng ủy xã Ba Tơ"),
    ("xa-tra-bong", "Đảng ủy xã Trà Bồng"),
    ("xa-ngoc-hoi", "Đảng ủy xã Ngọc Hồi"),
    ("xa-dak-ha", "Đảng ủy xã Đăk Hà"),
    ("xa-dak-to", "Đảng ủy xã Đăk Tô"),
    ("xa-sa-thay", "Đảng ủy xã Sa Thầy"),
    ("xa-mang-den", "Đảng ủy xã Măng Đen"),
    ("dk-ly-son", "Đảng ủy đặc khu Lý Sơn"),
]
COMMUNES_FROM = D(2025, 7, 1)

DEMO_PASSWORD = "Khoagiao@2026"

# (username, full name, position, e-mail, role, unit code)
USERS = [
    ("quantri", "Trần Minh Quân", "Quản trị hệ thống", "quantri@quangngai.dcs.vn", "admin", "tu-qng"),
    ("thuongtruc", "Đinh Thị Lan", "Phó Bí thư Thường trực Tỉnh ủy", "", "viewer", "tu-qng"),
    ("lanhdaoban", "Nguyễn Thị Hồng Hạnh", "Phó Trưởng Ban Tuyên giáo và Dân vận", "hanhnth@quangngai.dcs.vn", "dept_leader", "btgdvtu"),
    ("chuyenvien", "Lê Văn Khoa", "Chuyên viên Phòng Khoa giáo, Văn hóa – Văn nghệ", "khoalv@quangngai.dcs.vn", "dept_specialist", "btgdvtu"),
    ("chuyenvien2", "Phạm Thu Trang", "Chuyên viên Phòng Khoa giáo, Văn hóa – Văn nghệ", "trangpt@quangngai.dcs.vn", "dept_specialist", "btgdvtu"),
    ("baocaovien", "Bùi Văn Tuấn", "Báo cáo viên Tỉnh ủy", "", "reporter", "btgdvtu"),
    ("lanhdao.sogddt", "Võ Đình Thắng", "Phó Giám đốc Sở Giáo dục và Đào tạo", "thangvd@quangngai.gov.vn", "unit_leader", "so-gddt"),
    ("daumoi.sogddt", "Huỳnh Thị Mai", "Chuyên viên Văn phòng Sở", "maiht@quangngai.gov.vn", "focal_point", "so-gddt"),
    ("daumoi.soyte", "Đặng Quốc Bảo", "Chuyên viên Văn phòng Sở", "baodq@quangngai.gov.vn", "focal_point", "so-yte"),
    ("lanhdao.binhson", "Trương Văn Hòa", "Phó Bí thư Đảng ủy xã", "", "unit_leader", "xa-binh-son"),
    ("daumoi.binhson", "Ngô Thị Thu Hà", "Cán bộ Ban Xây dựng Đảng", "hantt.binhson@quangngai.dcs.vn", "focal_point", "xa-binh-son"),
    ("daumoi.camthanh", "Lý Văn Đức", "Cán bộ Ban Xây dựng Đảng", "", "focal_point", "phuong-cam-thanh"),
]
